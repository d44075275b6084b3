import GuichetCore
import GuichetData
import GuichetStore
import Logging

/// The state tables and the fold that builds each from its streams: `guichet rebuild-state`, and the
/// first opening of a database that a migration (10, 13) gave empty tables beside existing streams.
public enum StateTables {
    /// The rows a stream's events leave.
    package typealias Fold = @Sendable (String, [StoredEvent]) throws -> [StateRow]

    /// Each table with its streams' prefix and fold; porting and assistance requests fold with the reference
    /// data they are checked against (territories' calendars, 000's rules), as their services do.
    package static func folds(_ store: any Store) throws -> [(table: StateTable, prefix: String, fold: Fold)] {
        let territories = try ReferenceData.territories()
        let support = try ReferenceData.support()
        guard let territory = territories[support.remoteAssistance.territory] else {
            throw SupportError.invalid(field: "remoteAssistance.territory", reason: "'\(support.remoteAssistance.territory)' is not a known territory")
        }
        let porting = PortingRepository(store: store, territories: territories)
        let assistance = AssistanceRepository(store: store, rules: support.remoteAssistance, calendar: WorkCalendar(territory: territory))
        let tokens = AccountService.tokenRepository(store), keys = OperatorKeys.repository(store)
        let sda = SDAService(store: store, plan: try ReferenceData.numberingPlan())
        func one(_ fold: @escaping @Sendable (String, [StoredEvent]) throws -> StateRow?) -> Fold { { try fold($0, $1).map { [$0] } ?? [] } }
        // Events recorded under a former territory id fold as the current one (TerritoryID).
        func upgrading(_ fold: @escaping Fold) -> Fold { { try fold($0, $1.map(TerritoryID.upgraded)) } }
        return ([
            (.customers, CustomerRepository.prefix, one(CustomerRepository.fold)),
            (.contracts, ContractRepository.prefix, one(ContractRepository.fold)),
            (.lines, LineDirectory.prefix, one(LineDirectory.fold)),
            (.tickets, TicketRepository.prefix, one(TicketRepository.fold)),
            (.users, UserRepository.prefix, one(UserRepository.fold)),
            (.apiTokens, tokens.prefix, one(tokens.fold)),
            (.accessKeys, keys.prefix, one(keys.fold)),
            (.portingRequests, PortingRepository.prefix, one(porting.folded)),
            (.assistanceRequests, AssistanceRepository.prefix, one(assistance.folded)),
            (.privacyRequests, PrivacyRequestRepository.prefix, one(PrivacyRequestRepository(store: store).folded)),
            (.sdaNumbers, SDAService.stream, sda.folded),
            (.obligations, ObligationRepository.prefix, one(ObligationRepository(store: store).folded)),
            (.letters, LetterRepository.prefix, one(LetterRepository(store: store).folded)),
        ] as [(table: StateTable, prefix: String, fold: Fold)]).map { ($0.table, $0.prefix, upgrading($0.fold)) }
    }

    public struct Rebuilt: Sendable, Codable, Hashable {
        public let table: String
        public let rows: Int
        /// Rows the rebuild changed, added or removed: 0 when the live writes had kept the table right.
        public let differing: Int
    }

    /// Folds every table again from its streams, each in one transaction, and says how each compared.
    public static func rebuild(_ store: any Store) async throws -> [Rebuilt] {
        var result: [Rebuilt] = []
        for f in try folds(store) {
            let before = try await store.stateRows(f.table)
            let rows = try await store.rebuildState(f.table, streamPrefix: f.prefix, rows: f.fold)
            result.append(Rebuilt(table: f.table.name, rows: rows, differing: differing(before, try await store.stateRows(f.table))))
        }
        try await store.removeCounter(StateTable.pendingBuild)
        return result
    }

    /// Builds the tables when a migration left them to build.
    public static func ensureBuilt(_ store: any Store, logger: Logger) async throws {
        guard try await store.counter(StateTable.pendingBuild) != nil else { return }
        logger.notice("building the state tables from the event streams (first start after migration 10)")
        for r in try await rebuild(store) { logger.notice("state table \(r.table): \(r.rows) rows") }
    }
}

/// Opens the store a location names, brings its schema up to date and its state tables with it: what
/// every command and the server open a database with.
public func openAppStore(_ location: DatabaseLocation, logger: Logger) async throws -> any Store {
    let store = try await openStore(location, logger: logger)
    do {
        try await StateTables.ensureBuilt(store, logger: logger)
    } catch {
        try? await store.close()
        throw error
    }
    return store
}

extension StateTables {
    /// How many keys have a different row (or none) in one list than in the other.
    public static func differing(_ a: [StateRow], _ b: [StateRow]) -> Int {
        let left = Dictionary(a.map { ($0.key, $0) }, uniquingKeysWith: { x, _ in x })
        let right = Dictionary(b.map { ($0.key, $0) }, uniquingKeysWith: { x, _ in x })
        return Set(left.keys).union(right.keys).filter { left[$0] != right[$0] }.count
    }
}
