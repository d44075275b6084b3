import Logging

/// Opens the store a location names and, unless told not to, brings its schema up to date.
public func openStore(_ location: DatabaseLocation, migrating: Bool = true, logger: Logger) async throws -> any Store {
    let store: any Store
    switch location {
    case .sqlite(let path): store = try SQLiteStore(path: path)
    case .postgres(let target): store = try await PostgresStore.connect(target, logger: logger)
    }
    guard migrating else { return store }
    do {
        try await store.migrate()
    } catch {
        try? await store.close()
        throw error
    }
    return store
}
