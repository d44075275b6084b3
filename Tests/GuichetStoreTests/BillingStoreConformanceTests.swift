import Foundation
import GuichetCore
import GuichetStore
import GuichetTestSupport
import Testing

/// What any engine must do with invoices: take gapless numbers per series in the transaction that
/// writes the invoice, issue each idempotency key once, keep states and payments append-only.
@Suite struct BillingStoreConformanceTests {
    static let t0 = try! Instant(iso: "2026-06-01T08:00:00Z")
    static let zone = TaxZone(id: "FR", name: "France", treatment: .vat(try! VATRate(percent: "20")), source: "test")
    static let day = try! LocalDate(iso: "2026-06-01")

    static func pending(_ account: String, series: String = "FA2026", fail: Bool = false, kind: Invoice.Kind = .invoice,
                        issued: LocalDate = day) -> PendingInvoice {
        let lines = [InvoiceLine(label: "Pack", amount: Money(cents: 1200), taxIncluded: false, explanation: Explanation(rule: "r", source: "s", result: "12.00"))]
        return PendingInvoice(id: "inv_\(account)", key: "\(account)|2026-05", series: series, kind: kind, customerID: "cus_\(account)",
                              account: account, period: "2026-05", issueDate: issued, totals: InvoiceTotals(lines: lines, zone: zone), runID: "run_1") { number in
            struct Refused: Error {}
            if fail { throw Refused() }
            return #"{"number":"\#(number)"}"#
        }
    }

    @Test(arguments: TestStores.engines)
    func numbersAreGaplessAndEachKeyIssuedOnce(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            let first = try await store.issue([Self.pending("a"), Self.pending("b")], at: Self.t0)
            #expect(first.map(\.invoice.number) == ["FA2026-000001", "FA2026-000002"])
            #expect(first[0].invoice.body == #"{"number":"FA2026-000001"}"#)
            // A batch that fails half-way writes nothing and takes no number.
            await #expect(throws: (any Error).self) { try await store.issue([Self.pending("c"), Self.pending("d", fail: true)], at: Self.t0) }
            let again = try await store.issue([Self.pending("b"), Self.pending("c"), Self.pending("x", series: "AV2026")], at: Self.t0)
            guard case .existing(let b) = again[0] else { Issue.record("b issued twice"); return }
            #expect(b.number == "FA2026-000002")
            #expect(again[1].invoice.number == "FA2026-000003")
            #expect(again[2].invoice.number == "AV2026-000001")
            let series = try await store.series()
            #expect(series == ["FA2026": 3, "AV2026": 1])
            let count = try await store.invoiceCount()
            #expect(count == 4)
            let forB = try await store.invoices(customerID: "cus_b", period: nil).map(\.number)
            #expect(forB == ["FA2026-000002"])
            let may = try await store.invoices(customerID: nil, period: "2026-05").map(\.number)
            #expect(may == ["AV2026-000001", "FA2026-000001", "FA2026-000002", "FA2026-000003"])
            let read = try await store.invoice(id: "inv_a")
            #expect(read == first[0].invoice)
        }
    }

    /// 001 CG 10.1: what an invoice's issue stores with it — the e-mail, a paper copy's letter and its row — carries the
    /// number, in the same transaction, for an invoice issued then only.
    @Test(arguments: TestStores.engines)
    func theNoticesOfAnIssuedInvoiceAreStoredWithIt(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            let base = Self.pending("a")
            let pending = PendingInvoice(id: base.id, key: base.key, series: base.series, kind: base.kind, customerID: base.customerID, account: base.account,
                                         period: base.period, issueDate: base.issueDate, totals: base.totals, runID: base.runID, notice: { number in
                let letter = #"{"number":"\#(number)"}"#
                return IssueNotices(events: [try NewEvent(stream: "outbox", type: "mail-queued", payload: letter, recordedAt: Self.t0),
                                             try NewEvent(stream: "letter:l1", type: "letter-queued", payload: letter, recordedAt: Self.t0)],
                                    rows: [StateRow(table: .letters, key: "l1", values: ["customer_id": "cus_a", "status": "pending", "queued_on": "2026-06-01"],
                                                    search: ["l1"], body: letter)])
            }, render: base.render)
            #expect(try await store.issue([pending], at: Self.t0).map(\.invoice.number) == ["FA2026-000001"])
            _ = try await store.issue([pending], at: Self.t0)
            #expect(try await store.events(stream: "letter:l1", after: 0).map(\.payload) == [#"{"number":"FA2026-000001"}"#])
            #expect(try await store.events(stream: "outbox", after: 0).count == 1)
            let row = try await store.stateRow(.letters, key: "l1")
            #expect(row?.body == #"{"number":"FA2026-000001"}"# && row?.values["status"] == "pending")
        }
    }

    @Test(arguments: TestStores.engines)
    func statesRunsAndPaymentsAreAppended(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            _ = try await store.issue([Self.pending("a")], at: Self.t0)
            try await store.appendState(invoiceID: "inv_a", state: .sent, note: "e-mail", at: Self.t0)
            try await store.appendState(invoiceID: "inv_a", state: .partiallyPaid, note: nil, at: Self.t0)
            let states = try await store.states(invoiceID: "inv_a").map(\.state)
            #expect(states == [.issued, .sent, .partiallyPaid])

            var run = BillRun(id: "run_1", period: "2026-05", issueDate: Self.day, startedAt: Self.t0)
            try await store.saveBillRun(run)
            // F14: the count a run reports is that of its invoices, even when its last progress note said fewer.
            run.accounts = 3; run.issued = 0; run.existing = 1; run.finishedAt = Self.t0
            run.failures = [DraftFailure(customerID: "cus_z", customerNumber: "000000009", reason: "amount: beyond the largest amount")]
            try await store.saveBillRun(run)
            // A run whose process is gone reads interrupted, not running.
            let dead = try ChildProcess.start("/bin/true", []).process
            dead.waitUntilExit()
            let killed = BillRun(id: "run_2", period: "2026-06", issueDate: Self.day, startedAt: Self.t0.adding(seconds: 1),
                                 owner: "\(ProcessInfo.processInfo.hostName):\(dead.processIdentifier)")
            try await store.saveBillRun(killed)
            try await store.saveBillRun(BillRun(id: "run_3", period: "2026-07", issueDate: Self.day, startedAt: Self.t0.adding(seconds: 2)))
            let (runs, total) = try await store.billRuns(latestFirst: false, offset: 0, limit: nil)
            #expect(runs.map(\.id) == ["run_1", "run_2", "run_3"] && total == 3)
            // A page, latest first (the back office's last runs), and one run by its id.
            #expect(try await store.billRuns(latestFirst: true, offset: 1, limit: 1).runs.map(\.id) == ["run_2"])
            #expect(try await store.billRun(id: "run_2")?.status == .interrupted)
            #expect(try await store.billRun(id: "run_9") == nil)
            #expect(runs.map(\.issued) == [1, 0, 0] && runs.map(\.existing) == [1, 0, 0] && runs[0].accounts == 3)
            #expect(runs.map(\.status) == [.finished, .interrupted, .running])
            #expect(runs[0].failures == run.failures && runs[1].failures.isEmpty)

            let payment = StoredPayment(id: "pay_1", account: "a", method: .transfer, amount: Money(cents: 500), receivedOn: Self.day, reference: "VIR 1",
                                        allocations: [.init(invoiceID: "inv_a", amount: Money(cents: 500))], recordedAt: Self.t0)
            let stored = try await store.recordPayment(payment)
            let replayed = try await store.recordPayment(payment)
            #expect(stored && !replayed)
            let payments = try await store.payments(account: "a")
            #expect(payments == [payment])
        }
    }

    /// Issue 22: dunning reads the invoices not yet settled (migration 18): an invoice enters when issued and leaves when
    /// settled; credit notes never enter; the list stops at the day asked.
    @Test(arguments: TestStores.engines)
    func theInvoicesNotYetSettledAreListedOldestFirst(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            _ = try await store.issue([Self.pending("b", issued: try LocalDate(iso: "2026-06-02")), Self.pending("a"),
                                       Self.pending("c", series: "AV2026", kind: .creditNote), Self.pending("d", issued: try LocalDate(iso: "2026-07-01"))],
                                      at: Self.t0)
            #expect(try await store.unsettledInvoices(issuedBefore: try LocalDate(iso: "2026-07-01")) == ["inv_a", "inv_b"])
            try await store.appendState(invoiceID: "inv_a", state: .partiallyPaid, note: nil, at: Self.t0)
            #expect(try await store.unsettledInvoices(issuedBefore: try LocalDate(iso: "2026-07-02")) == ["inv_a", "inv_b", "inv_d"])
            try await store.appendState(invoiceID: "inv_a", state: .settled, note: "paid", at: Self.t0)
            #expect(try await store.unsettledInvoices(issuedBefore: try LocalDate(iso: "2026-07-02")) == ["inv_b", "inv_d"])
        }
    }
}
