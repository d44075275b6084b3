import Foundation
import GuichetCore
import GuichetStore

/// Which contract each subscriber line belongs to: the key usage records are rated by. Each
/// line is a stream `line:<E.164>` whose first event assigns it, once, and a row of the `lines` table.
public struct LineDirectory: Sendable {
    package let store: any EventStore
    package let contracts: ContractService
    package let plan: NumberingPlan

    public init(store: any EventStore, contracts: ContractService, plan: NumberingPlan) {
        self.store = store; self.contracts = contracts; self.plan = plan
    }

    /// Assigns a number to a contract (and, for 004, to one of the customer's sites); assigning it again to the same is a no-op.
    public func assign(number: String, contractID: String, site: String?, at now: Instant) async throws -> ServiceLine {
        let e164 = try e164(number)
        guard let contract = try await contracts.contract(contractID) else { throw UsageError.invalid(field: "contract", reason: "no contract '\(contractID)'") }
        guard let customer = try await contracts.customer(contract.customerID) else { throw UsageError.invalid(field: "contract", reason: "its customer is missing") }
        let line = try Self.line(e164, on: Owner(contract), sites: customer.details.sites.map(\.id), site: site)
        // Imported lines hold no idempotency key: the table answers for them; the key, for two assignments at once. A line
        // that ended may be assigned again, once per end.
        let held = try await self.line(e164)
        if let held, held.endedOn == nil {
            guard held == line else { throw UsageError.conflict("\(e164) is already assigned to another contract or site") }
            return held
        }
        let key = try IdempotencyKey(scope: "line", key: e164 + (held?.endedOn.map { "@\($0)" } ?? ""), fingerprint: "\(contract.id)|\(site ?? "")")
        do {
            let stored = try Self.stored(line, at: now)
            _ = try await store.append([stored.event], state: [stored.row], idempotency: key)
        } catch StoreError.idempotencyConflict {
            throw UsageError.conflict("\(e164) is already assigned to another contract or site")
        }
        return line
    }

    /// A subscriber number in E.164.
    package func e164(_ number: String) throws -> String {
        let classified: NumberClassification
        do { classified = try plan.classify(number) } catch { throw UsageError.invalid(field: "number", reason: error.description) }
        guard let e164 = classified.e164 else { throw UsageError.invalid(field: "number", reason: "'\(number)' is not a subscriber number") }
        return e164
    }

    /// What a line takes from its contract: the contract's row's columns, so that an import decodes no contract.
    package struct Owner {
        package let contractID, customerID, offeringID, territoryID: String
        package let family: ContractFamily

        package init(_ c: Contract) {
            contractID = c.id; customerID = c.customerID; offeringID = c.offeringID; territoryID = c.territoryID; family = c.family
        }

        package init?(row: StateRow) {
            guard let customer = row.values["customer_id"], let offering = row.values["offering"], let territory = row.values["territory"],
                  let family = row.values["family"].flatMap(ContractFamily.init(rawValue:)) else { return nil }
            contractID = row.key; customerID = customer; offeringID = offering; territoryID = territory; self.family = family
        }
    }

    /// The line a number makes on a contract: a Workplace Together line belongs to one of the customer's sites (`sites`,
    /// read for those contracts only), no other line does.
    package static func line(_ e164: String, on owner: Owner, sites: [String], site: String?) throws -> ServiceLine {
        if owner.family.terms.packs {
            guard let site, sites.contains(site) else {
                throw UsageError.invalid(field: "site", reason: "a Workplace Together line belongs to one of the customer's sites (004 §2.6.1 pools minutes per site): "
                                            + sites.joined(separator: ", "))
            }
        } else if site != nil {
            throw UsageError.invalid(field: "site", reason: "only Workplace Together lines belong to a site")
        }
        return ServiceLine(number: e164, customerID: owner.customerID, contractID: owner.contractID, offeringID: owner.offeringID,
                           territoryID: owner.territoryID, site: site)
    }

    /// The list's query parameters and the columns they filter.
    package static let filters = ["customerId": "customer_id", "contractId": "contract_id", "offering": "offering", "territory": "territory", "site": "site"]

    public static let prefix = "line:"
    public static let assigned = "line-assigned"
    public static let ended = "line-ended"
    public static let listed = "line-directory-listing"
    public static let reoffered = "line-offering-changed"

    /// The event and row of a line assigned, ended or listed: every event carries the line as it stands after it, encoded once
    /// for both.
    package static func stored(_ line: ServiceLine, type: String? = nil, at now: Instant) throws -> (event: NewEvent, row: StateRow) {
        let body = try StoredJSON.text(line)
        return (try NewEvent(stream: prefix + line.number, type: type ?? (line.endedOn == nil ? assigned : ended), payload: body, recordedAt: now),
                try row(line, body: body))
    }

    /// 001 CG 8.2.2: the subscriber's choice of how the number appears in directories, recorded on the line in service.
    public func list(_ number: String, _ listing: DirectoryListing, at now: Instant) async throws -> ServiceLine {
        let e164 = try e164(number)
        guard var line = try await self.line(e164), line.endedOn == nil else { throw UsageError.notFound("line '\(e164)' in service") }
        guard line.directory != listing else { return line }
        line.directory = listing
        let stored = try Self.stored(line, type: Self.listed, at: now)
        _ = try await store.append([stored.event], state: [stored.row], idempotency: nil)
        return line
    }

    /// A page of the subscriber base directory publishers receive (001 CG 8.2.2): the lines in service of the documents that
    /// publish by default, paged in SQL, each as published — those on the Liste Rouge left out of the page.
    public func directory(_ query: StateQuery) async throws -> (entries: [DirectoryEntry], total: Int) {
        let documents = Set(ContractFamily.allCases.filter(\.terms.listedByDefault).map(\.document))
        var q = query
        q.oneOf["offering"] = await contracts.catalogs.current.documents.filter { documents.contains($0.info.document) }.flatMap { $0.offerings.map(\.id) }
        let page = try await lines(q)
        var owners = StateQuery(limit: page.lines.count)
        owners.oneOf = ["id": Array(Set(page.lines.map(\.customerID)))]
        owners.totalWanted = false
        let customers = Dictionary(try await contracts.customers(owners).customers.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let entries = page.lines.compactMap { l -> DirectoryEntry? in
            guard l.endedOn == nil, let c = customers[l.customerID] else { return nil }
            return (l.directory ?? DirectoryListing()).entry(number: l.number, holder: c.name, address: c.details.address)
        }
        return (entries, page.total)
    }

    /// The lines of a contract that ends on `day`, ended with it (issue 23: a terminated contract's line is released), as
    /// the events and rows the contract's change stores in its transaction.
    package static func ending(_ lines: [ServiceLine], on day: LocalDate, because why: String, at now: Instant) throws -> [(event: NewEvent, row: StateRow)] {
        try lines.filter { $0.endedOn == nil }.map { try stored($0.ended(on: day, because: why), at: now) }
    }

    /// The lines in service of a contract that changed offer, following it, as the events and rows its change stores.
    package static func following(_ lines: [ServiceLine], offering: String, at now: Instant) throws -> [(event: NewEvent, row: StateRow)] {
        try lines.filter { $0.endedOn == nil && $0.offeringID != offering }.map { try stored($0.following(offering: offering), type: reoffered, at: now) }
    }

    /// A contract's lines (a bounded set: no page).
    package static func lines(of contractID: String, in store: any EventStore) async throws -> [ServiceLine] {
        var query = StateQuery(equal: ["contract_id": contractID])
        query.totalWanted = false
        return try await store.statePage(.lines, query).bodies.map(decode)
    }

    package static func row(_ l: ServiceLine, body: String? = nil) throws -> StateRow {
        var values = ["customer_id": l.customerID, "contract_id": l.contractID, "offering": l.offeringID, "territory": l.territoryID]
        values["site"] = l.site
        return StateRow(table: .lines, key: l.number, values: values, search: [l.number, l.site],
                        body: try body ?? StoredJSON.text(l))
    }

    /// A line's stream: assigned, ended, assigned again…; its last event holds it as it stands.
    package static func fold(_ stream: String, _ events: [StoredEvent]) throws -> StateRow? {
        guard let last = events.last else { return nil }
        return try row(decode(last.payload))
    }

    package static func decode(_ body: String) throws -> ServiceLine { try JSONDecoder().decode(ServiceLine.self, from: Data(body.utf8)) }

    public func line(_ number: String) async throws -> ServiceLine? {
        try await store.stateRow(.lines, key: number).map { try Self.decode($0.body) }
    }

    /// A page of lines in number order, filtered in SQL.
    public func lines(_ query: StateQuery) async throws -> (lines: [ServiceLine], total: Int) {
        let page = try await store.statePage(.lines, query)
        return (try page.bodies.map(Self.decode), page.total)
    }

    /// Every line, by number: for the rating of an import, never for a request.
    public func all() async throws -> [ServiceLine] {
        try await store.stateRows(.lines).map { try Self.decode($0.body) }
    }
}
