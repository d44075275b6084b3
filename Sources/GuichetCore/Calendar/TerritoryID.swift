import Synchronization

/// Territory ids as ISO 3166 gives them. French Guiana was `GY` until D-CAL-10 — ISO 3166's code for Guyana, the
/// neighbouring country; it is `GF` (ISO 3166, INSEE 973, libphonenumber). The former id is still accepted on input,
/// with a deprecation notice, and read in the events recorded under it; stored rows were migrated (migration 27).
public enum TerritoryID {
    /// Former id → current id.
    public static let renamed = ["GY": "GF"]

    /// The id to store for one given on input: a former id becomes the current one, noted for whoever asked.
    public static func current(_ id: String) -> String {
        guard let now = renamed[id] else { return id }
        DeprecationNotes.note("territory '\(id)' is deprecated: use '\(now)' (ISO 3166: \(id) is Guyana, French Guiana is \(now))")
        return now
    }

    /// An address's territory, and its sites' addresses, as stored.
    public static func current(_ details: PartyDetails) -> PartyDetails {
        PartyDetails(address: details.address.map(current), contacts: details.contacts,
                     sites: details.sites.map { Site(id: $0.id, name: $0.name, address: current($0.address), dialCode: $0.dialCode) },
                     users: details.users)
    }

    private static func current(_ a: Address) -> Address {
        Address(line1: a.line1, line2: a.line2, postcode: a.postcode, city: a.city, territory: current(a.territory))
    }

    /// An event's payload recorded under a former id, as it reads under the current one: the events stay as recorded
    /// (append-only), the rows folded from them say `GF`. Only the members that hold a territory id are rewritten.
    public static func upgraded(payload: String) -> String {
        guard renamed.keys.contains(where: { payload.contains("\"\($0)\"") }) else { return payload }
        var p = payload
        for (old, now) in renamed {
            for key in ["territory", "territoryID"] {
                p = p.replacingOccurrences(of: "\"\(key)\":\"\(old)\"", with: "\"\(key)\":\"\(now)\"")
            }
        }
        return p
    }
}

/// Notices of deprecated input met while serving one request or command: the HTTP layer answers them in a `Warning`
/// header, the CLI prints them on standard error as they come. Task-local, so the core notes without knowing who asked.
public final class DeprecationNotes: Sendable {
    @TaskLocal public static var current: DeprecationNotes?

    private let noted = Mutex<[String]>([])
    private let onNote: @Sendable (String) -> Void

    public init(onNote: @escaping @Sendable (String) -> Void = { _ in }) { self.onNote = onNote }

    public static func note(_ notice: String) { current?.add(notice) }

    /// Each notice once, in the order met.
    public var all: [String] { noted.withLock { $0 } }

    private func add(_ notice: String) {
        let new = noted.withLock { n in
            if n.contains(notice) { return false }
            n.append(notice)
            return true
        }
        if new { onNote(notice) }
    }
}
