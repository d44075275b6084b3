import Foundation
import GuichetCore
import GuichetStore

extension BillingService {
    public struct RunReport: Sendable, Codable {
        public let run: BillRun
        /// Invoice numbers issued (or found already issued) by this run, in account order.
        public let numbers: [String]
        /// Dry run: the invoices that would be issued, unnumbered.
        public let drafts: [Invoice]
    }

    /// A drafted invoice, nothing owed, or why the account could not be billed.
    package enum Drafted: Sendable {
        case invoice(PreparedInvoice), empty, failed(DraftFailure)
        package var key: String? { if case .invoice(let p) = self { InvoiceBatches.key(p.invoice) } else { nil } }
    }

    /// Bills every customer for `period`: accounts in customer-number order, invoices issued in
    /// batches (one transaction each). Running it again, after a crash or not, issues only the
    /// invoices still missing, with the next numbers: the result is that of one uninterrupted run.
    public func run(period: BillingPeriod, issueDate: LocalDate? = nil, dryRun: Bool = false, batchSize: Int = 200, runID: String? = nil, at now: Instant,
                    progress: @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }) async throws -> RunReport {
        let issueDate = issueDate ?? period.next
        let total = try await contracts.customers(StateQuery(limit: 0)).total
        let context = BillingContext(catalog: await contracts.catalogs.current, lines: [:])
        var run = BillRun(id: runID ?? Self.newRunID(), period: period.description, issueDate: issueDate, startedAt: now)
        run.accounts = total
        if !dryRun { try await store.saveBillRun(run) }
        var drafts: [Invoice] = []
        var dryExisting = 0
        var batches = InvoiceBatches(store: store, size: batchSize, at: now)
        var done = 0
        // A page of accounts at a time, in customer-number order, with their contracts and lines: memory stays that of a page
        // whatever the base's size. Customers are never deleted and new ones are numbered after the others, so pages do not shift.
        for start in stride(from: 0, to: total, by: batchSize) {
            let chunk = try await contracts.customers(StateQuery(offset: start, limit: batchSize)).customers
            var theirs = StateQuery()
            theirs.oneOf = ["customer_id": chunk.map(\.id)]
            let byCustomer = Dictionary(grouping: try await contracts.contracts(theirs).contracts, by: \.customerID)
            var pageContext = context
            pageContext.lines = Dictionary(grouping: try await usage.lines.lines(theirs).lines, by: \.customerID)
            let chunkContext = pageContext
            // Drafted on every core, issued in customer-number order.
            let drafted = try await chunk.concurrentMap { customer -> Drafted in
                do {
                    // 001 CG 10.1, 10.3: the notice to the customer and their payer; a letter when paper was asked.
                    let paper = customer.wantsPaper(on: issueDate) ? (customer, contracts.today(of: customer, at: now)) : nil
                    return try await self.draft(customer, contracts: byCustomer[customer.id] ?? [], period: period, issueDate: issueDate, context: chunkContext)
                        .map { .invoice(PreparedInvoice($0, notice: try Self.availableNotice($0, to: customer.invoiceAddresses(on: issueDate), paper: paper, at: now))) }
                        ?? .empty
                } catch let e as BillingError {
                    return .failed(DraftFailure(customerID: customer.id, customerNumber: customer.customerNumber, reason: e.description))
                }
            }
            // A dry run counts as existing what a real run would find issued (F14), instead of drafting it again.
            let issuedBefore = dryRun ? try await store.issuedKeys(drafted.compactMap(\.key)) : []
            for outcome in drafted {
                switch outcome {
                case .empty: run.empty += 1
                case .failed(let f): run.failures.append(f)
                case .invoice(let prepared) where dryRun:
                    if issuedBefore.contains(InvoiceBatches.key(prepared.invoice)) { dryExisting += 1 } else { drafts.append(prepared.invoice) }
                case .invoice(let prepared): try await batches.add(prepared, runID: run.id)
                }
            }
            done += chunk.count
            progress(done, total)
            if !dryRun {
                run.issued = batches.issued; run.existing = batches.existing
                try await store.saveBillRun(run)
            }
        }
        try await batches.finish()
        run.issued = batches.issued; run.existing = dryRun ? dryExisting : batches.existing
        run.finishedAt = now
        if !dryRun { try await store.saveBillRun(run) }
        return RunReport(run: run, numbers: batches.numbers, drafts: drafts)
    }

    public static func newRunID() -> String { ResourceID.make("run") }

    /// What the catalog tells the bill run, looked up once per run.
    package struct BillingContext: Sendable {
        package let catalog: CatalogSet
        package let tariffs: [String: TariffGroup]
        package let offeringNames: [String: String]
        /// Rented or bought by the item (004 §2.5).
        package let equipment: Set<String>
        package var lines: [String: [ServiceLine]]

        package init(catalog: CatalogSet, lines: [String: [ServiceLine]]) {
            self.catalog = catalog; self.lines = lines
            tariffs = Dictionary(catalog.tariffs.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            offeringNames = Dictionary(catalog.offerings.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            equipment = Set(catalog.offerings.filter(\.isEquipment).map(\.id))
        }
    }

    /// The invoice of one customer for one period, or nil when nothing is owed.
    package func draft(_ customer: ContractService.Customer, contracts owned: [Contract], period: BillingPeriod, issueDate: LocalDate,
               context: BillingContext) async throws -> Invoice? {
        var subscriptions: [BillableSubscription] = []
        var charges = try await charges(customerID: customer.id)
        for c in owned.sorted(by: { $0.id < $1.id }) {
            let name = context.offeringNames[c.offeringID] ?? c.offeringID
            // The invoice says when the fee it bills was last revised.
            let label = c.revisions?.last { $0.on <= period.first }.map { "\(name) (prix révisé au \($0.on.frenchDate))" } ?? name
            if let bought = try ChargeRules.purchase(c, label: name, equipment: context.equipment.contains(c.offeringID)) { charges.append(bought) }
            charges += try c.unbilledSuspensionCredits(in: period)
            charges += try await theftCredits(c, lines: context.lines[customer.id] ?? [], period: period)
            let ended = c.history.last { [.terminated, .withdrawn].contains($0.to) }?.on
            let equipment = context.equipment.contains(c.offeringID)
            let licences = c.family.terms.packs && !equipment ? try await licences(contractID: c.id) : []
            // The fee in force on the period's first day (the order's, or its last index revision: 004 §15.1 revises on a 1st),
            // and each offer the contract changed to during the period for its days (D-CTR-15).
            let segments = c.offerSegments(from: period.first, to: period.last)
            for (i, segment) in segments.enumerated() {
                guard let monthly = segment.fee else { continue }
                let next = i + 1 < segments.count ? segments[i + 1].from.adding(days: -1) : nil
                let offer = context.offeringNames[segment.offering] ?? segment.offering
                let named = segments.count == 1 ? label : i == 0 ? offer : "\(offer) (changement d'offre au \(segment.from.frenchDate))"
                subscriptions.append(BillableSubscription(contractID: c.id, label: named, family: c.family, monthly: monthly, quantity: c.quantity,
                                                          activatedOn: i > 0 ? segment.from : c.activatedOn, endedOn: [next, ended].compactMap { $0 }.min(),
                                                          licences: licences, rentedEquipment: equipment))
            }
        }
        // After the site pools and capped credits (004 §2.6.1, 003 CS-FB 3): what the consumption view shows.
        let summary = try await usage.summary(customerID: customer.id, start: period.first, period: period.description, own: context.lines[customer.id] ?? [])
        let aggregates = summary.destinations.map { d in
            let group = context.tariffs[d.destination]
            return UsageAggregate(group: d.destination, name: group?.name ?? d.name, count: d.count, quantity: d.quantity, amount: d.amount,
                                  taxIncluded: group?.taxIncluded ?? true, source: group?.source ?? "rated usage")
        }
        let lines = try ChargeRules.lines(period: period, subscriptions: subscriptions, charges: charges, usage: aggregates)
        guard !lines.isEmpty else { return nil }
        let buyer = BilledParty(customerID: customer.id, customerNumber: customer.customerNumber, account: customer.billingAccount, name: customer.name,
                                kind: customer.kind, address: customer.details.address)
        return Invoice(id: "inv_\(period)_\(customer.customerNumber)", kind: .invoice, number: "", issueDate: issueDate, period: period,
                       seller: seller, buyer: buyer, lines: lines, zone: try zone(of: customer.territoryID))
    }
}
