import Foundation
import GuichetCore
import GuichetData
import GuichetMail
import GuichetStore

/// Customers and contracts, kept as append-only event streams with their current state beside them
/// (`CustomerRepository`, `ContractRepository`). A state change is stored with an idempotency key on
/// the contract's history length, so two concurrent changes of one contract cannot both apply.
public struct ContractService: Sendable {
    public let store: any EventStore
    package let catalogs: CatalogRegistry
    package let territories: [String: Territory]

    public init(store: any EventStore, catalogs: CatalogRegistry, territories: [String: Territory]) {
        self.store = store; self.catalogs = catalogs; self.territories = territories
    }

    public typealias PartyKind = GuichetCore.PartyKind

    public struct Customer: Sendable, Codable, Hashable {
        public let id: String
        /// The 9-digit customer number (000 art. 3.2 asks for it at intake).
        public let customerNumber: String
        public var name: String
        public let kind: PartyKind
        public let territoryID: String
        /// The account invoices are addressed to (one per customer for now).
        public let billingAccount: String
        public var details: PartyDetails
        /// The operator's own reference, kept from a migration import (idempotent by it).
        public var externalID: String? = nil
        /// 001 CG 10.3, 003 CG 10: the third-party payer designated last, ended or not.
        public var payer: ThirdPartyPayer? = nil
        /// 001 CG 10.1: the day the customer expressly asked for paper invoices as well; nil: electronic only.
        public var paperInvoicesFrom: LocalDate? = nil

        /// Whether an invoice issued on `day` is also posted on paper.
        public func wantsPaper(on day: LocalDate) -> Bool { paperInvoicesFrom.map { $0 <= day } ?? false }

        /// Where the invoices' notices go on `day`: the customer's notice address, and the payer's while they pay.
        public func invoiceAddresses(on day: LocalDate) -> [String] {
            [details.noticeAddress, payer.flatMap { $0.pays(on: day) ? $0.email : nil }].compactMap { $0 }
        }
    }

    public var customerRepository: CustomerRepository { CustomerRepository(store: store) }
    public var contractRepository: ContractRepository { ContractRepository(store: store) }

    /// Why a new customer's record would be refused, if it would.
    package func check(name: String, territoryID: String, kind: PartyKind, details: PartyDetails) throws {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw ContractError.invalid(field: "name", reason: "must not be empty") }
        guard territories[territoryID] != nil else {
            throw ContractError.invalid(field: "territory", reason: "'\(territoryID)' is not one of \(territories.keys.sorted().joined(separator: ", "))")
        }
        try details.validate(kind: kind, territories: Set(territories.keys))
    }

    /// A new customer's record (checked by `check`), with its number and billing account.
    package static func newCustomer(number: String, name: String, kind: PartyKind, territoryID: String, details: PartyDetails, externalID: String? = nil) -> Customer {
        let id = ResourceID.token()
        return Customer(id: "cus_\(id)", customerNumber: number, name: name, kind: kind, territoryID: territoryID,
                        billingAccount: "ba_\(id)", details: details, externalID: externalID)
    }

    public func createCustomer(name: String, kind: PartyKind, territoryID: String, details: PartyDetails = PartyDetails(), at now: Instant) async throws -> Customer {
        let territoryID = TerritoryID.current(territoryID), details = TerritoryID.current(details)
        try check(name: name, territoryID: territoryID, kind: kind, details: details)
        // Customer numbers come from the customers table's counter, in order (a failed write leaves a gap, D-SCALE-2).
        let customer = Self.newCustomer(number: try await customerRepository.numbers(1)[0], name: name, kind: kind, territoryID: territoryID, details: details)
        try await customerRepository.save(customer, as: .created, at: now)
        return customer
    }

    public func customer(_ id: String) async throws -> Customer? {
        try await customerRepository.customer(id)
    }

    /// Today in the territory `territoryID` (a customer's, a contract's).
    package func today(in territoryID: String, at now: Instant) -> LocalDate { territories[territoryID]?.zone.local(now).date ?? now.utcDate }

    /// What contract `c` owes on `day`, due from the start of that day in its territory; nil for a territory without a zone.
    package func due(_ kind: Obligation.Kind, of c: Contract, on day: LocalDate, _ explanation: Explanation) -> Obligation? {
        guard let zone = territories[c.territoryID]?.zone else { return nil }
        return Obligation(id: ResourceID.make("obl"), kind: kind, resource: ContractRepository.stream(c.id), dueOn: day, dueAt: zone.startOfDay(day),
                          explanation: explanation)
    }

    /// Today in the customer's territory.
    package func today(of c: Customer, at now: Instant) -> LocalDate { today(in: c.territoryID, at: now) }

    /// Where notices to a customer are e-mailed: their first contact address; nil when a letter is to be sent.
    package func noticeAddress(of customerID: String) async throws -> String? {
        try await customer(customerID)?.details.noticeAddress
    }

    /// What a notice stores: the mail queued, or the letter staff are to post.
    package struct Notice {
        package let mail: [NewEvent]
        package let letter: [(event: NewEvent, row: StateRow)]
        package let sent: String
    }

    /// A mail to `c`'s customer's notice address, or, without one, a letter queued on `day` for staff to post.
    package func notice(_ c: Contract, on day: LocalDate, at now: Instant, _ mail: ([String]) -> OutgoingMail) async throws -> Notice {
        guard let customer = try await customer(c.customerID) else { throw ContractServiceError.notFound(c.customerID) }
        return try Self.notice(to: customer, addresses: customer.details.noticeAddress.map { [$0] } ?? [], reference: "contract \(c.id)", on: day, at: now, mail)
    }

    /// A mail to `addresses`, or, without any, a letter to `customer` queued on `day`, naming what caused it (`reference`).
    package static func notice(to customer: Customer, addresses: [String], reference: String, on day: LocalDate, at now: Instant,
                               _ mail: ([String]) -> OutgoingMail) throws -> Notice {
        guard !addresses.isEmpty else {
            let letter = LetterRepository.letter(mail([]), to: customer, reference: reference, on: day)
            return Notice(mail: [], letter: [try LetterRepository.stored(letter, at: now)], sent: "queued as letter \(letter.id) (no e-mail address)")
        }
        return Notice(mail: [try Outbox.event(mail(addresses), at: now)], letter: [], sent: "e-mailed to \(addresses.joined(separator: ", "))")
    }

    /// 001 CG 17: « Dans le cas où Orange est informée que le Client n'habite pas à l'adresse qu'il a indiquée, Orange envoie
    /// au Client un courrier électronique lui demandant de mettre à jour ses coordonnées »; refused without an address.
    public func askAddressUpdate(_ customerID: String, at now: Instant) async throws -> String {
        guard let c = try await customer(customerID) else { throw ContractServiceError.notFound(customerID) }
        guard let address = c.details.noticeAddress else {
            throw ContractError.invalid(field: "customer", reason: "no e-mail address on record: the request goes by letter or telephone")
        }
        let day = today(of: c, at: now)
        _ = try await store.append([try Outbox.event(MailTemplates.addressUpdate(c.name, customerNumber: c.customerNumber, on: day, to: [address]), at: now)],
                                   idempotency: nil)
        return "e-mailed to \(address) on \(day)"
    }

    /// 004 §4.4 réassort: a site added to a business customer (a new version of its record).
    public func addSite(_ customerID: String, _ site: Site, at now: Instant) async throws -> Customer {
        guard var c = try await customer(customerID) else { throw ContractError.invalid(field: "customer", reason: "no customer '\(customerID)'") }
        guard !c.details.sites.contains(where: { $0.id == site.id }) else { throw ContractError.invalid(field: "site", reason: "'\(site.id)' exists already") }
        c.details = PartyDetails(address: c.details.address, contacts: c.details.contacts, sites: c.details.sites + [site], users: c.details.users)
        try c.details.validate(kind: c.kind, territories: Set(territories.keys))
        try await customerRepository.save(c, as: .siteAdded, at: now)
        return c
    }

    /// A page of customers in customer-number order, filtered in SQL.
    public func customers(_ query: StateQuery) async throws -> (customers: [Customer], total: Int) {
        try await customerRepository.page(query)
    }

    public struct Order: Sendable, Codable {
        public let customer: String
        public let offering: String
        public let engagementMonths: Int?
        public let quantity: Int?
        public let orderedOn: LocalDate
        public let distanceSale: Bool?
        public let chosenActivationDate: LocalDate?
        /// Equipment only: rented (the default) or bought (004 §2.5).
        public let equipment: EquipmentMode?
        /// A distance sale's subscription documents already received, with the order (001 CG 2, 003 CG 4).
        public let subscriptionDocumentsOn: LocalDate?
        /// A shop sale's documents, presented by the customer (001 CG 2, 003 CG 3.1).
        public let presentedDocuments: PresentedDocuments?

        public init(customer: String, offering: String, engagementMonths: Int? = nil, quantity: Int? = nil, orderedOn: LocalDate,
                    distanceSale: Bool? = nil, chosenActivationDate: LocalDate? = nil, equipment: EquipmentMode? = nil,
                    subscriptionDocumentsOn: LocalDate? = nil, presentedDocuments: PresentedDocuments? = nil) {
            self.customer = customer; self.offering = offering; self.engagementMonths = engagementMonths; self.quantity = quantity
            self.orderedOn = orderedOn; self.distanceSale = distanceSale; self.chosenActivationDate = chosenActivationDate; self.equipment = equipment
            self.subscriptionDocumentsOn = subscriptionDocumentsOn; self.presentedDocuments = presentedDocuments
        }
    }

    /// An order creates a contract on the offering's version in force on the order date.
    public func order(_ o: Order, at now: Instant) async throws -> Contract {
        guard let customer = try await customer(o.customer) else { throw ContractError.invalid(field: "customer", reason: "no customer '\(o.customer)'") }
        let set = await catalogs.current
        var contract = try newContract(o, customerID: customer.id, kind: customer.kind, territoryID: customer.territoryID, set: set)
        try contract.recordPresentedDocuments(o.presentedDocuments, kind: customer.kind)
        try contract.checkChosenActivation()
        let held = try await contracts(of: customer.id).filter { $0.family == contract.family }
        if let why = contract.family.terms.subscriptionRefusal(existing: held, on: contract.orderedOn, parameters: set.parameters) {
            throw ContractError.invalid(field: "customer", reason: why)
        }
        if let received = o.subscriptionDocumentsOn {
            guard received <= today(in: contract.territoryID, at: now) else {
                throw ContractError.invalid(field: "subscriptionDocumentsOn", reason: "\(received) is after today")
            }
            try contract.recordDocumentsReceived(on: received)
        }
        let scheduled = [scheduledRevision(contract, onOrAfter: contract.orderedOn), scheduledRenewal(contract), scheduledDocumentsReminder(contract),
                         scheduledPaymentSchedule(contract, on: contract.orderedOn)]
            .compactMap { $0 }
        contract.nextActionOn = scheduled.map(\.dueOn).min()
        try await contractRepository.order(contract, also: try scheduled.map { try ObligationRepository.stored($0, at: now) }, at: now)
        return contract
    }

    /// The contract an order makes for a customer (its id, kind and territory), checked against the catalog in force on the
    /// order date and against whom its document sells to.
    package func newContract(_ o: Order, customerID: String, kind: PartyKind, territoryID: String, set: CatalogSet) throws -> Contract {
        var fees = FeeMemo()
        return try newContract(o, customerID: customerID, kind: kind, territoryID: territoryID, set: set, fees: &fees)
    }

    /// The monthly fees already found, by offering and order date: an import orders thousands of the same offering.
    package typealias FeeMemo = [String: PriceQuote?]

    package func newContract(_ o: Order, customerID: String, kind: PartyKind, territoryID: String, set: CatalogSet, fees: inout FeeMemo) throws -> Contract {
        guard let offering = set.offering(o.offering), offering.validity.contains(o.orderedOn) else {
            throw ContractError.invalid(field: "offering", reason: "no offering '\(o.offering)' on sale on \(o.orderedOn)")
        }
        guard let document = set.catalog(of: offering)?.document, let family = ContractFamily.allCases.first(where: { $0.document == document }) else {
            throw ContractError.invalid(field: "offering", reason: "'\(o.offering)' belongs to no contract family")
        }
        if let why = family.terms.ineligibility(kind: kind, territoryID: territoryID) { throw ContractError.invalid(field: "customer", reason: why) }
        let months = o.engagementMonths ?? offering.engagementMonths.first ?? 0
        guard offering.engagementMonths.isEmpty || offering.engagementMonths.contains(months) else {
            throw ContractError.invalid(field: "engagementMonths", reason: "\(months) is not offered (\(offering.engagementMonths.map(String.init).joined(separator: ", ")))")
        }
        guard o.equipment == nil || offering.isEquipment else {
            throw ContractError.invalid(field: "equipment", reason: "'\(o.offering)' is not equipment: only equipment is rented or bought")
        }
        // Equipment is rented unless bought: the rental is its monthly fee, the purchase price is billed at reception (004 §2.5, §15).
        let bought = offering.isEquipment && o.equipment == .purchase
        let feeKey = "\(offering.id)|\(o.orderedOn)"
        let fee = try bought ? nil : fees[feeKey] ?? {
            let f = try Self.monthlyFee(offering, set: set, on: o.orderedOn)
            fees[feeKey] = f
            return f
        }()
        let contract = try Contract(id: ResourceID.make("ctr"), customerID: customerID, family: family, offeringID: offering.id,
                                    territoryID: territoryID, monthlyFee: fee,
                                    quantity: o.quantity ?? 1, engagementMonths: months, orderedOn: o.orderedOn,
                                    distanceSale: o.distanceSale ?? false, chosenActivationDate: o.chosenActivationDate,
                                    purchasePrice: bought || offering.isOneOffService ? try Self.purchasePrice(offering, set: set, on: o.orderedOn) : nil)
        return contract
    }

    /// F: the offering's monthly fees in force on the order date, frozen in the contract (D-CTR-2).
    package static func monthlyFee(_ offering: ProductOffering, set: CatalogSet, on day: LocalDate) throws -> PriceQuote? {
        let monthly = set.prices.prices(on: day).filter { $0.offering == offering.id && $0.kind == .recurring && $0.unit == "month" }
        guard !monthly.isEmpty else { return nil }
        let quotes = try monthly.map { try set.prices.quote($0.id, on: day) }
        return PriceQuote(priceID: quotes.map(\.priceID).joined(separator: "+"), version: quotes.map(\.version).joined(separator: "+"),
                          amount: quotes.reduce(.zero) { $0 + $1.amount }, taxIncluded: quotes[0].taxIncluded, on: day,
                          source: quotes.map(\.source).joined(separator: "; "))
    }

    /// The one-time price of bought equipment or an ordered service in force on the order date (004 §4.4: the fiche
    /// tarifaire of the réassort's day); a price the catalog leaves blank refuses the order, which could never be billed (D-CAT-6).
    package static func purchasePrice(_ offering: ProductOffering, set: CatalogSet, on day: LocalDate) throws -> PriceQuote {
        guard let price = set.prices.prices(on: day).first(where: { $0.offering == offering.id && $0.kind == .oneTime }) else {
            throw ContractError.invalid(field: offering.isEquipment ? "equipment" : "offering", reason: "'\(offering.id)' has no one-time price on \(day)")
        }
        guard price.amount != nil else {
            throw ContractError.invalid(field: "offering", reason: "'\(offering.id)' cannot be ordered: its price '\(price.id)' has no amount in the catalog "
                                            + "(\(price.source) gives none); set it before taking orders (D-CAT-6)")
        }
        return try set.prices.quote(price.id, on: day)
    }

    public func contract(_ id: String) async throws -> Contract? {
        try await contractRepository.contract(id)
    }

    /// A page of contracts in order-date order, filtered in SQL.
    public func contracts(_ query: StateQuery) async throws -> (contracts: [Contract], total: Int) {
        try await contractRepository.page(query)
    }

    /// One customer's contracts.
    public func contracts(of customerID: String) async throws -> [Contract] {
        try await contractRepository.contracts(of: customerID)
    }

    /// Every contract: for jobs that go through them all, never for a request.
    public func allContracts() async throws -> [Contract] {
        try await contractRepository.all()
    }

    /// Applies an action; an action the state does not allow throws and stores nothing.
    /// `compensationExcluded`: on an activation, why the late-activation compensation is not owed (the document's
    /// exclusions: an external cause or the customer's act, 001 CG 7.2; a delay not imputable to Orange, 003 CG 5).
    /// `termination`: a termination request's terms (received on `day`), which date its execution and price it.
    public func apply(_ action: ContractAction, to id: String, on day: LocalDate, note: String? = nil, compensationExcluded: String? = nil,
                      termination: TerminationRequest? = nil, ground: SuspensionGround? = nil, at now: Instant) async throws -> Contract {
        guard compensationExcluded == nil || action == .activate else {
            throw ContractError.invalid(field: "compensationExcluded", reason: "is given with an activation only (001 CG 7.2, 003 CG 5)")
        }
        // The exclusion stays in the history, with the staff's note.
        let noted = compensationExcluded.map { why in [note, "no late-activation compensation: \(why)"].compactMap { $0 }.joined(separator: "; ") } ?? note
        let told = action == .requestTermination && termination?.portOut == true ? try await portOutNotice(id, portingOn: day, at: now) : []
        return try await change(action, to: id, on: day, note: noted, compensationExcluded: compensationExcluded, termination: termination,
                                ground: ground, executing: nil, notices: told, at: now).contract
    }

    /// 001 Annexe 3 art. 3.2: the customer told the port-out is confirmed, by e-mail with the request (none without an address).
    private func portOutNotice(_ id: String, portingOn day: LocalDate, at now: Instant) async throws -> [NewEvent] {
        guard let c = try await contract(id), c.family.terms.portOutArticle != nil, let calendar = calendar(of: c),
              let address = try await noticeAddress(of: c.customerID) else { return [] }
        let within = c.portsOutWithinWithdrawal(TerminationRequest(receivedOn: day, portOut: true), calendar: calendar)
        return [try Outbox.event(MailTemplates.portOutConfirmed(c, portingOn: day, withinWithdrawal: within, to: [address]), at: now)]
    }

    /// Applies an action with what it does to the contract's obligations, in one transaction: a termination request
    /// schedules the termination on its effective date; withdrawing the request cancels it; a termination supersedes it,
    /// or settles it as done when it is the obligation being executed.
    /// `snapshot`: the contract as the scheduler read it ahead for its page (`snapshots`), instead of reading it here.
    package func change(_ action: ContractAction, to id: String, on day: LocalDate, note: String?, compensationExcluded: String? = nil,
                        termination: TerminationRequest? = nil, ground: SuspensionGround? = nil, executing: Obligation?, byOperator: String? = nil,
                        notices: [NewEvent] = [], snapshot: Snapshot? = nil,
                        at now: Instant) async throws -> (contract: Contract, settled: [Obligation]) {
        let read = if let snapshot { snapshot.contract } else { try await contract(id) }
        guard var contract = read else { throw ContractServiceError.notFound(id) }
        let before = contract
        let position = contract.history.count
        // A new request's reason is checked here, not when its stored event is replayed.
        if let termination { try contract.checkReason(termination) }
        // 001 CG 2, 003 CG 4: a withdrawal only after a distance sale, within its period in the customer's territory.
        if action == .withdraw, let territory = territories[contract.territoryID] {
            try contract.mayWithdraw(on: day, executionConsentedOn: nil, calendar: WorkCalendar(territory: territory))
        }
        try contract.apply(action, on: day, note: note, termination: termination, ground: ground)
        let pending = if let snapshot { snapshot.pending } else { try await obligations.of(ContractRepository.stream(id)).filter { $0.state == .pending } }
        if action == .cancelTerminationRequest, let (hours, article) = before.family.terms.terminationCancellationNotice,
           let effective = pending.first(where: { $0.kind == .terminate }), now > effective.dueAt.adding(seconds: -3_600 * Int64(hours)) {
            throw ContractError.invalid(field: "action", reason: "a termination request is cancelled at the latest \(hours) hours before it takes effect, "
                                        + "\(effective.dueAt.adding(seconds: -3_600 * Int64(hours))) for \(effective.dueOn) (\(article))")
        }
        let set = if let snapshot { snapshot.catalog } else { await catalogs.current }
        let changed = try obligationChanges(action, before: before, pending: pending, on: day, request: termination, executing: executing, set: set, at: now)
        let released = (contract.state.isFinal ? try await releases(before, ending: action, on: day, executing: executing, lines: snapshot?.lines, at: now) : [])
            + (action == .withdraw ? try await portInsWithdrawn(id, on: day, at: now) : [])
        // What the change moves besides the contract: the notices it sends, the charges and credits it makes.
        var moved = notices + (executing?.kind == .terminate ? try terminationCharges(before, on: day, set: set, at: now) : [])
        if let byOperator, action == .terminate { moved += try operatorCharges(before, on: day, byOperator, at: now) }
        if action == .activate, compensationExcluded == nil { moved += try lateActivationCredit(contract, on: day, set: set, at: now) }
        if action == .cancel, before.family.terms.packs { moved += try await cancellationCharges(before, on: day, set: set, at: now) }
        // The next action: the earliest of the obligations still pending after the change.
        let after = pending.filter { o in !changed.contains { $0.id == o.id } } + changed.filter { $0.state == .pending }
        contract.nextActionOn = after.map(\.dueOn).min()
        let key = try IdempotencyKey(scope: "contract-history", key: "\(id)#\(position)", fingerprint: "\(action.rawValue)|\(day)")
        let result = try await contractRepository.change(contract, .init(action: action, on: day, note: note, next: contract.nextActionOn,
                                                                         termination: termination, ground: ground),
                                                         also: try changed.map { try ObligationRepository.stored($0, at: now) } + released, events: moved,
                                                         idempotency: key, at: now)
        if result.replayed { return (try await self.contract(id)!, []) }
        return (contract, changed)
    }

    private func obligationChanges(_ action: ContractAction, before: Contract, pending: [Obligation], on day: LocalDate, request: TerminationRequest?,
                                   executing: Obligation?, set: CatalogSet, at now: Instant) throws -> [Obligation] {
        switch action {
        case .requestTermination:
            return scheduledTermination(before, request: request ?? TerminationRequest(receivedOn: day), set: set).map { [$0] } ?? []
        case .cancelTerminationRequest:
            return pending.filter { $0.kind == .terminate }.compactMap { $0.settled(.cancelled, at: now, outcome: "termination request withdrawn on \(day)") }
        case .terminate, .cancel, .withdraw:
            // A contract that ends owes nothing more on a later day: its termination is done (or superseded), the rest superseded.
            let ended = action == .terminate ? "terminated on \(day) by another change" : "contract \(action == .cancel ? "cancelled" : "withdrawn") on \(day)"
            // …and the lent equipment is expected back (001 CG 6.3, CG 2; a port-out within the withdrawal period as a withdrawal
            // from the porting day, A3 3.3).
            let asWithdrawal = action == .terminate && portsOutWithinWithdrawal(before)
            let claim = scheduledEquipmentClaim(before, after: asWithdrawal ? .withdraw : action, on: day, set: set)
            // …and a deposit still held comes back (001 CG 3, 003 CG 9; D-RUN-20).
            let refund = scheduledDepositRefund(before, endingOn: day)
            return pending.filter { !$0.kind.outlivesTheContract }.compactMap { o in
                o.id == executing?.id ? o.settled(.done, at: now, outcome: action == .terminate ? "terminated on \(day)" : "contract cancelled on \(day)")
                    : o.settled(.superseded, at: now, outcome: ended)
            } + [claim, refund].compactMap { $0 }
        default:
            // A change made by an obligation settles it.
            return [executing?.settled(.done, at: now, outcome: "\(action.rawValue) on \(day)")].compactMap { $0 }
        }
    }

    /// The termination a request schedules: on the effective date its termination quote gives. A contract that cannot be
    /// quoted (no activation yet) has no date to terminate on: nil, and the request is recorded alone.
    package func scheduledTermination(_ c: Contract, request: TerminationRequest, set: CatalogSet) -> Obligation? {
        guard let quote = try? priced(c, request: request, set: set) else { return nil }
        return due(.terminate, of: c, on: quote.effectiveOn, quote.effectiveDateExplanation)
    }

    /// What a termination carried out on its date moves (the quote of the request as received: termination fee, the
    /// engagement's remaining fees…), as one-time charges on the customer's next invoice, each with its article; the
    /// zero lines of a legitimate reason are not charged.
    private func terminationCharges(_ c: Contract, on day: LocalDate, set: CatalogSet, at now: Instant) throws -> [NewEvent] {
        guard let request = c.terminationRequest else { return [] }
        let quote = try priced(c, request: request, set: set)
        return try oneTimeCharges(quote.lines, of: c, on: day, "terminated on \(day)", at: now)
    }

    /// 004 §9.2 TER-4: what an order cancelled before its mise en service owes, on the customer's next invoice.
    private func cancellationCharges(_ c: Contract, on day: LocalDate, set: CatalogSet, at now: Instant) async throws -> [NewEvent] {
        let quote = try priced(c, request: TerminationRequest(receivedOn: day), set: set, sitesToDeploy: try await sitesToDeploy(c))
        return try oneTimeCharges(quote.lines, of: c, on: day, "cancelled before its mise en service on \(day)", at: now)
    }

    /// 001 CG 18.2: the remaining subscription fees of an engagement the operator ends (`why`: "terminated for non-payment on
    /// …"), on the next invoice.
    private func operatorCharges(_ c: Contract, on day: LocalDate, _ why: String, at now: Instant) throws -> [NewEvent] {
        try oneTimeCharges(try c.operatorTerminationCharges(on: day), of: c, on: day, why, at: now)
    }

    /// The lines an end of contract moves, as one-time charges on the customer's next invoice, labelled as the invoice reads
    /// them, taxed as the contract's fee is quoted; zero lines are not charged.
    private func oneTimeCharges(_ lines: [TerminationQuote.Line], of c: Contract, on day: LocalDate, _ why: String, at now: Instant) throws -> [NewEvent] {
        try lines.filter { $0.amount != .zero }.map { line in
            let charge = try RecordedCharge(id: ResourceID.make("chg"), category: .oneTime, label: Self.terminationLabel[line.label] ?? line.label,
                                            on: day, unitPrice: line.amount, taxIncluded: c.monthlyFee?.taxIncluded ?? true,
                                            source: "\(line.explanation.source) (contract \(c.id), \(why))")
            return try chargeEvent(charge, customerID: c.customerID, at: now)
        }
    }

    /// What an activation later than the document allows owes the customer (001 CG 7.2: an xDSL line's monthly fee pro
    /// rata of the days beyond 15 days after the order; 003 CG 5: a flat amount beyond 2 days after the chosen date),
    /// as a credit on the next invoice with its article. Nothing when it is in time, or for the other offers.
    private func lateActivationCredit(_ c: Contract, on day: LocalDate, set: CatalogSet, at now: Instant) throws -> [NewEvent] {
        let flat = set.prices.price("mayotte-compensation-activation-tardive", on: day)
        guard let line = try c.lateActivationCompensation(flat: flat?.amount), line.amount > .zero else { return [] }
        let credit = try RecordedCharge(id: ResourceID.make("chg"), category: .credit, label: "Indemnité pour activation tardive", on: day,
                                        unitPrice: -line.amount, taxIncluded: c.monthlyFee?.taxIncluded ?? flat?.taxIncluded ?? true,
                                        source: "\(line.explanation.source) (contract \(c.id), activated on \(day))")
        return [try chargeEvent(credit, customerID: c.customerID, at: now)]
    }

    /// The termination quote's lines as the customer's invoice and the spaces' quote page say them.
    package static let terminationLabel = [
        "termination fee": "Frais de résiliation",
        "remaining monthly fees of the engagement": "Mensualités restant dues jusqu'à la fin de l'engagement",
        "remaining monthly fees": "Mensualités restant dues",
        "monthly fees up to the 12th month": "Mensualités restant dues jusqu'au 12e mois",
        "a quarter of the fees of months 13 to N": "Un quart des mensualités des mois 13 à la fin de l'engagement",
        "a quarter of the remaining fees": "Un quart des mensualités restant dues",
        "100 % of the sums remaining due until the end of the minimum period": "Sommes restant dues jusqu'à la fin de la période minimale",
        "deployment fees of the sites not in service": "Frais de déploiement des sites (annulation avant mise en service)",
    ]

    /// The event that puts `charge` on the customer's next invoice.
    package func chargeEvent(_ charge: RecordedCharge, customerID: String, at now: Instant) throws -> NewEvent {
        try event("charges:\(customerID)", "charge-recorded", charge, at: now)
    }

    /// A contract's obligations, as scheduled and settled.
    package var obligations: ObligationRepository { ObligationRepository(store: store) }

    public func obligations(of id: String) async throws -> [Obligation] {
        guard try await contract(id) != nil else { throw ContractServiceError.notFound(id) }
        return try await obligations.of(ContractRepository.stream(id))
    }

    /// A page of the obligations, due first: those in `state` (all when nil), due on or before `until`.
    public func obligations(state: Obligation.State?, until: LocalDate?, offset: Int = 0, limit: Int) async throws -> (items: [Obligation], total: Int) {
        var query = StateQuery(offset: offset, limit: limit)
        if let state { query.equal["state"] = state.rawValue }
        if let until { query.atMost["due_on"] = until.description }
        return try await obligations.page(query)
    }

    /// Stores an event of `c` other than a state change (already applied to it: a revision, a renewal, an equipment step)
    /// with the obligations it settles and schedules, the contract's next action day following them; `payload` is given
    /// that day. False when the same event was stored already (another executor got there first).
    package func record<P: Encodable>(_ c: inout Contract, _ type: ContractRepository.EventType, key: IdempotencyKey, settling: [Obligation],
                                      scheduling: [Obligation] = [], events: [NewEvent] = [], rows: [(event: NewEvent, row: StateRow)] = [],
                                      at now: Instant, payload: (LocalDate?) -> P) async throws -> Bool {
        let settledIDs = Set(settling.map(\.id))
        let others = try await obligations.of(ContractRepository.stream(c.id)).filter { $0.state == .pending && !settledIDs.contains($0.id) }
        c.nextActionOn = (others + scheduling).map(\.dueOn).min()
        do {
            return try await !contractRepository.record(c, type, payload(c.nextActionOn),
                                                        also: try (settling + scheduling).map { try ObligationRepository.stored($0, at: now) } + rows,
                                                        events: events, idempotency: key, at: now).replayed
        } catch StoreError.idempotencyConflict {
            return false
        }
    }

    /// The operator's termination for non-payment (dunning), with what it makes due at once (001 CG 18.2) in its transaction.
    package func terminateForNonPayment(_ id: String, on day: LocalDate, note: String, at now: Instant) async throws -> Contract {
        try await change(.terminate, to: id, on: day, note: note, executing: nil, byOperator: "terminated for non-payment on \(day)", at: now).contract
    }

    /// Executes the installation's deadline (001 CG 5.2): no date fixed for the visit within three months, the contract ends
    /// de plein droit on the obligation's day (cancelled: it was never activated).
    package func cancelForNoAppointment(_ id: String, executing o: Obligation, at now: Instant) async throws -> Obligation? {
        try await carryOut(.cancel, id, executing: o, why: "001 CG 5.2: no date fixed for the technician's visit within three months of the subscription", at: now)
    }

    /// Executes a termination obligation: the contract terminated on its due day, the obligation settled as done with it.
    package func terminate(_ id: String, executing o: Obligation, snapshot: Snapshot? = nil, at now: Instant) async throws -> Obligation? {
        try await carryOut(.terminate, id, executing: o, why: "\(o.explanation.source): effective date of the termination request", snapshot: snapshot, at: now)
    }

    /// An obligation carried out by a change of its contract (on `day`, else the obligation's), the note saying why and
    /// naming it; the obligation as the change settled it.
    package func carryOut(_ action: ContractAction, _ id: String, executing o: Obligation, on day: LocalDate? = nil, why: String, snapshot: Snapshot? = nil,
                          at now: Instant) async throws -> Obligation? {
        try await change(action, to: id, on: day ?? o.dueOn, note: "\(why) (obligation \(o.id))", executing: o, snapshot: snapshot, at: now)
            .settled.first { $0.id == o.id }
    }

    /// What a change reads of its contract — the contract, its pending obligations, its lines, the catalog — read ahead for
    /// a page of the scheduler's obligations: three queries for the page instead of three for each (a change made meanwhile
    /// is refused by the contract's history key, and done again by the next run).
    package struct Snapshot: Sendable {
        let contract: Contract
        let pending: [Obligation]
        let lines: [ServiceLine]
        let catalog: CatalogSet
    }

    package func snapshots(_ ids: [String]) async throws -> [String: Snapshot] {
        guard !ids.isEmpty else { return [:] }
        let contracts = try await store.stateRows(.contracts, where: StateTable.contracts.key, in: ids).map { try ContractRepository.decode($0.body) }
        let pending = Dictionary(grouping: try await store.stateRows(.obligations, where: "resource", in: ids.map(ContractRepository.stream))
            .map { try ObligationRepository.decode($0.body) }.filter { $0.state == .pending }, by: \.resource)
        let lines = Dictionary(grouping: try await store.stateRows(.lines, where: "contract_id", in: ids).map { try LineDirectory.decode($0.body) },
                               by: \.contractID)
        let catalog = await catalogs.current
        return Dictionary(uniqueKeysWithValues: contracts.map {
            ($0.id, Snapshot(contract: $0, pending: pending[ContractRepository.stream($0.id)] ?? [], lines: lines[$0.id] ?? [], catalog: catalog))
        })
    }

    /// Settles an obligation without a change of its contract (nothing left to do, or it cannot be done); nil when
    /// another executor settled it first.
    package func settle(_ o: Obligation, as state: Obligation.State, outcome: String, at now: Instant) async throws -> Obligation? {
        guard let settled = o.settled(state, at: now, outcome: outcome) else { return nil }
        let stored = try ObligationRepository.stored(settled, at: now)
        let key = try IdempotencyKey(scope: "obligation", key: "\(o.id)#settled", fingerprint: "\(state.rawValue)|\(outcome)")
        do {
            _ = try await store.append([stored.event], state: [stored.row], idempotency: key)
        } catch StoreError.idempotencyConflict {
            return nil
        }
        return settled
    }

    public func terminationQuote(_ id: String, request: TerminationRequest) async throws -> TerminationQuote {
        guard let contract = try await contract(id) else { throw ContractServiceError.notFound(id) }
        return try priced(contract, request: request, set: await catalogs.current, sitesToDeploy: try await sitesToDeploy(contract))
    }

    /// The quote with the catalog's amounts in force the day the request is received (001: the termination fee; 004: the
    /// deployment fee per site of an order cancelled before its mise en service).
    private func priced(_ contract: Contract, request: TerminationRequest, set: CatalogSet, sitesToDeploy: Int = 0) throws -> TerminationQuote {
        let fee = set.prices.price("frais-resiliation-livebox", on: request.receivedOn)?.amount
        let site = set.prices.price("wte-frais-deploiement-site-price", on: request.receivedOn)?.amount
        return try contract.terminationQuote(request, fees: TerminationFees(liveboxTerminationFee: fee, siteDeploymentFee: site, sitesToDeploy: sitesToDeploy),
                                             calendar: calendar(of: contract))
    }

    /// The working calendar of a contract's territory.
    package func calendar(of c: Contract) -> WorkCalendar? { territories[c.territoryID].map { WorkCalendar(territory: $0) } }

    /// Whether the termination a contract asked for ports its number out within the withdrawal period (001 A3 3.3).
    private func portsOutWithinWithdrawal(_ c: Contract) -> Bool {
        guard let r = c.terminationRequest, let calendar = calendar(of: c) else { return false }
        return c.portsOutWithinWithdrawal(r, calendar: calendar)
    }

    /// 004 §9.2 TER-4 (D-RUN-27): the sites a pack order not in service yet would deploy — the customer's, or its address
    /// alone when it lists none — unless another of its pack orders is in service (a réassort: the sites are deployed).
    private func sitesToDeploy(_ c: Contract) async throws -> Int {
        guard c.state == .pendingActivation, c.family.terms.packs, c.engagementMonths > 0 else { return 0 }
        let deployed = try await contracts(of: c.customerID).contains { $0.id != c.id && $0.family.terms.packs && $0.engagementMonths > 0 && $0.activatedOn != nil }
        return deployed ? 0 : max(1, try await customer(c.customerID)?.details.sites.count ?? 1)
    }

    public func deadlines(_ id: String, on day: LocalDate) async throws -> ContractDeadlines {
        guard let contract = try await contract(id) else { throw ContractServiceError.notFound(id) }
        guard let territory = territories[contract.territoryID] else { throw ContractError.invalid(field: "territory", reason: contract.territoryID) }
        return contract.deadlines(calendar: WorkCalendar(territory: territory), on: day)
    }

    package func event(_ stream: String, _ type: String, _ value: some Encodable, at now: Instant) throws -> NewEvent {
        try NewEvent(stream: stream, type: type, payload: String(decoding: try JSONEncoder().encode(value), as: UTF8.self), recordedAt: now)
    }
}

public enum ContractServiceError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    public var description: String {
        switch self { case .notFound(let id): "no contract '\(id)'" }
    }
}
