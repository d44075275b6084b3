import Foundation
import GuichetCore
import GuichetStore
import GuichetTestSupport
import Testing

/// What any engine must do with rated usage: store each record id once, quarantine each bad row
/// once, raise each alert once, log every re-rating change.
@Suite struct UsageStoreConformanceTests {
    static let t0 = try! Instant(iso: "2026-05-04T14:00:00Z")

    static func row(_ id: String, amount: Int64 = 21_625, customer: String = "c1", period: String = "2026-05", importID: String = "i1") -> StoredUsage {
        let rated = RatedUsage(id: id, line: "+590590271234", kind: .voice, called: "+213210000000", start: t0, quantity: 125, destination: "A4-F6",
                               destinationName: "Algérie", amount: Money(units: amount), listAmount: Money(units: amount), included: false,
                               connection: Money(units: 1_000), perMinute: Money(units: 9_900), allowance: nil, source: "001 Annexe 4, F6")
        return StoredUsage(rated: rated, customerID: customer, period: period, calledLineIsMobile: nil, importID: importID)
    }

    @Test(arguments: TestStores.engines)
    func aRecordIdIsStoredOnce(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            let firstInsert = try await store.storeUsage([Self.row("a"), Self.row("b")])
            #expect(firstInsert == [true, true])
            let secondInsert = try await store.storeUsage([Self.row("b", amount: 1), Self.row("c")])
            #expect(secondInsert == [false, true])
            let count = try await store.usageCount()
            #expect(count == 3)
            let kept = try await store.usage(id: "b")
            #expect(kept == Self.row("b"))       // the first version stays
            let ids = try await store.usage(customerID: "c1", period: "2026-05").map(\.rated.id)
            #expect(ids == ["a", "b", "c"])
            let june = try await store.usage(customerID: "c1", period: "2026-06")
            #expect(june.isEmpty)
            let april = LineMonth(customerID: "c1", line: "+590590271234", period: "2026-04")
            let may = LineMonth(customerID: "c1", line: "+590590271234", period: "2026-05")
            let totals = try await store.outOfBundleTotals(lines: [april, may])
            #expect(totals == [april: .zero, may: Money(units: 3 * 21_625)])
        }
    }

    @Test(arguments: TestStores.engines)
    func importsQuarantineAndAlerts(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            var i = UsageImport(id: "i1", source: "cdr.csv", format: "csv", startedAt: Self.t0)
            try await store.beginImport(i)
            i.read = 3; i.rated = 2; i.quarantined = 1; i.finishedAt = Self.t0.adding(seconds: 5)
            try await store.finishImport(i)
            // F14: an import whose process is gone reads interrupted, not running.
            let dead = try ChildProcess.start("/bin/true", []).process
            dead.waitUntilExit()
            try await store.beginImport(UsageImport(id: "i2", source: "cdr2.csv", format: "csv", startedAt: Self.t0.adding(seconds: 10),
                                                    owner: "\(ProcessInfo.processInfo.hostName):\(dead.processIdentifier)"))
            try await store.beginImport(UsageImport(id: "i3", source: "cdr3.csv", format: "csv", startedAt: Self.t0.adding(seconds: 20)))
            let imports = try await store.imports(offset: 0, limit: nil).imports
            i.status = .finished
            #expect(imports.first == i)
            #expect(imports.map(\.status) == [.finished, .interrupted, .running])
            // Lists page in SQL, counted from the same filter.
            let second = try await store.imports(offset: 1, limit: 1)
            #expect(second.imports.map(\.id) == ["i2"] && second.total == 3)

            let bad = QuarantinedRow(raw: "x,y", format: "csv", importID: "i1", lineNumber: 3, field: "columns", reason: "2 columns, 7 expected")
            let added = try await store.quarantine([bad])
            #expect(added == 1)
            let addedAgain = try await store.quarantine([bad])
            #expect(addedAgain == 0)
            let open = try await store.quarantined(openOnly: true, offset: 0, limit: nil).rows
            #expect(open == [bad])
            let later = QuarantinedRow(raw: "x,y", format: "csv", importID: "i1", lineNumber: 3, field: "line", reason: "unknown line")
            try await store.updateReasons([later])
            let updated = try await store.quarantined(openOnly: true, offset: 0, limit: nil).rows
            #expect(updated.map(\.reason) == ["unknown line"])
            #expect(try await store.quarantined(openOnly: false, offset: 1, limit: 10) == ([], 1))
            try await store.markReplayed(raw: ["x,y"], at: Self.t0)
            let openAfterReplay = try await store.quarantined(openOnly: true, offset: 0, limit: nil).rows
            #expect(openAfterReplay.isEmpty)
            #expect(try await store.quarantined(openOnly: false, offset: 0, limit: nil).rows.first?.status == "replayed")

            let alert = StoredAlert(alert: UsageAlert(rule: "fair-use-distinct-voice", line: "L", period: "2026-05", value: "251", limit: "250",
                                                      source: "001 CG 9.4", message: "m"), customerID: "c1", raisedAt: Self.t0)
            let raised = try await store.raise([alert])
            #expect(raised == [alert])
            let raisedAgain = try await store.raise([alert])
            #expect(raisedAgain.isEmpty)
            let raisedLater = StoredAlert(alert: UsageAlert(rule: "fair-use-distinct-voice", line: "M", period: "2026-05", value: "251", limit: "250",
                                                      source: "001 CG 9.4", message: "m"), customerID: "c3", raisedAt: Self.t0.adding(seconds: 60))
            #expect(try await store.raise([raisedLater]) == [raisedLater])
            let forC1 = try await store.alerts(customerID: "c1", latestFirst: false, offset: 0, limit: nil)
            #expect(forC1.alerts == [alert] && forC1.total == 1)
            let forAll = try await store.alerts(customerID: nil, latestFirst: false, offset: 0, limit: nil)
            #expect(forAll.alerts == [alert, raisedLater] && forAll.total == 2)
            // The back office's latest first, a page at a time.
            let latest = try await store.alerts(customerID: nil, latestFirst: true, offset: 0, limit: 1)
            #expect(latest.alerts == [raisedLater] && latest.total == 2)
            let forC2 = try await store.alerts(customerID: "c2", latestFirst: false, offset: 0, limit: nil)
            #expect(forC2.alerts.isEmpty && forC2.total == 0)
        }
    }

    @Test(arguments: TestStores.engines)
    func rerateUpdatesTheRecordAndLogsTheChange(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            _ = try await store.storeUsage([Self.row("a")])
            try await store.rerate(runID: "r1", changes: [(old: Self.row("a"), new: Self.row("a", amount: 20_000))], at: Self.t0)
            let reratedAmount = try await store.usage(id: "a")?.rated.amount
            #expect(reratedAmount == Money(units: 20_000))
            let may = try await store.usage(period: "2026-05")
            #expect(may.count == 1)
        }
    }

    /// Every field comes back as written, whatever the account, month and write a record came with;
    /// re-rating one record leaves the others stored beside it untouched.
    @Test(arguments: TestStores.engines)
    func recordsOfManyAccountsAndMonthsReadBackAsWritten(engine: StoreEngine) async throws {
        func record(_ id: String, _ customer: String, _ period: String, kind: UsageKind, called: String, at seconds: Int64, quantity: Int,
                    amount: Int64, included: Bool = false, mobile: Bool?, allowance: String?) -> StoredUsage {
            let rated = RatedUsage(id: id, line: customer == "c1" ? "+590590271234" : "+262639001234", kind: kind, called: called,
                                   start: Self.t0.adding(seconds: seconds), quantity: quantity, destination: included ? "F-FIX" : "A4-M12",
                                   destinationName: "États-Unis mobile", amount: Money(units: amount), listAmount: Money(units: 9_999),
                                   included: included, connection: Money(units: amount < 0 ? 0 : 1_000), perMinute: Money(units: 33_000),
                                   allowance: allowance, source: "004 §2.6.1 — SAMPLE rate")
            return StoredUsage(rated: rated, customerID: customer, period: period, calledLineIsMobile: mobile, importID: "i-\(customer)")
        }
        let a = record("a", "c1", "2026-05", kind: .sms, called: "+15551234567", at: 60, quantity: 1, amount: 0, included: true, mobile: true,
                       allowance: "wte-500-minutes")
        let b = record("b", "c1", "2026-06", kind: .voice, called: "+33612345678", at: 40 * 86_400, quantity: 10_000_000, amount: -5, mobile: false,
                       allowance: nil)
        let c = record("c", "c2", "2026-05", kind: .data, called: "", at: 0, quantity: 2_048, amount: 0, mobile: nil, allowance: nil)
        let d = record("d", "c1", "2026-05", kind: .voice, called: "112", at: -60, quantity: 30, amount: 1_234_567_890_123, mobile: nil, allowance: nil)
        let e = record("e", "c1", "2026-05", kind: .voice, called: "+213210000000", at: 60, quantity: 125, amount: 21_625, mobile: false, allowance: nil)
        try await TestStores.with(engine) { store, _ in
            #expect(try await store.storeUsage([a, b, c, d]) == [true, true, true, true])
            #expect(try await store.storeUsage([e, a]) == [true, false])
            #expect(try await store.usageCount() == 5)
            #expect(try await store.usage(customerID: "c1", period: "2026-05") == [d, a, e])   // by start, then id
            #expect(try await store.usage(customerID: "c1", period: "2026-06") == [b])
            #expect(try await store.usage(period: "2026-05") == [d, c, a, e])
            for r in [a, b, c, d, e] { #expect(try await store.usage(id: r.rated.id) == r) }
            // Several lines' months in one read, each with its own records only; a line without usage has none.
            let c1May = LineMonth(customerID: "c1", line: "+590590271234", period: "2026-05")
            let c1June = LineMonth(customerID: "c1", line: "+590590271234", period: "2026-06")
            let c2May = LineMonth(customerID: "c2", line: "+262639001234", period: "2026-05")
            let otherLine = LineMonth(customerID: "c1", line: "+590590279999", period: "2026-05")
            #expect(try await store.usage(lines: [c1May, c1June, c2May, otherLine]) == [c1May: [d, a, e], c1June: [b], c2May: [c], otherLine: []])
            #expect(try await store.outOfBundleTotals(lines: [c1May, otherLine]) == [c1May: Money(units: 1_234_567_890_123 + 21_625), otherLine: .zero])

            let a2 = record("a", "c1", "2026-05", kind: .sms, called: "+15551234567", at: 60, quantity: 1, amount: 2_500, mobile: true, allowance: nil)
            try await store.rerate(runID: "r1", changes: [(old: a, new: a2)], at: Self.t0)
            #expect(try await store.usage(customerID: "c1", period: "2026-05") == [d, a2, e])
            #expect(try await store.usage(id: "d") == d)
            #expect(try await store.usageCount() == 5)
        }
    }

    /// Traffic-data retention (D-PRIV-2): everything of the months before the horizon goes, all at once, audited;
    /// the months after stay untouched.
    @Test(arguments: TestStores.engines)
    func trafficDataBeforeTheHorizonIsPurged(engine: StoreEngine) async throws {
        try await TestStores.with(engine) { store, _ in
            let old = Self.t0.adding(seconds: -400 * 86_400)
            try await store.beginImport(UsageImport(id: "i0", source: "old.csv", format: "csv", startedAt: old))
            try await store.beginImport(UsageImport(id: "i1", source: "cdr.csv", format: "csv", startedAt: Self.t0))
            _ = try await store.storeUsage([Self.row("a", period: "2025-04", importID: "i0"), Self.row("b", period: "2025-05", importID: "i0"),
                                            Self.row("c", period: "2025-06", importID: "i1")])
            try await store.rerate(runID: "r1", changes: [(old: Self.row("b", period: "2025-05", importID: "i0"),
                                                           new: Self.row("b", amount: 1, period: "2025-05", importID: "i0"))], at: Self.t0)
            _ = try await store.quarantine([QuarantinedRow(raw: "old,row", format: "csv", importID: "i0", lineNumber: 1, field: "line", reason: "r"),
                                            QuarantinedRow(raw: "new,row", format: "csv", importID: "i1", lineNumber: 1, field: "line", reason: "r")])
            func alert(_ period: String) -> StoredAlert {
                StoredAlert(alert: UsageAlert(rule: "fair-use-distinct-voice", line: "L", period: period, value: "251", limit: "250", source: "001 CG 9.4",
                                              message: "m"), customerID: "c1", raisedAt: Self.t0)
            }
            _ = try await store.raise([alert("2025-05"), alert("2025-06")])

            let purge = try await AuditContext.$current.withValue(.job("retention")) {
                try await store.purgeUsage(before: "2025-06", importsBefore: try Instant(iso: "2025-06-01T00:00:00Z"), at: Self.t0)
            }
            #expect(purge == UsagePurge(records: 2, alerts: 1, quarantined: 1))
            #expect(try await store.usageCount() == 1)
            let (kept, purged) = (try await store.usage(id: "c"), try await store.usage(id: "b"))
            #expect(kept != nil && purged == nil)
            #expect(try await store.alerts(customerID: nil, latestFirst: false, offset: 0, limit: nil).alerts.map(\.alert.period) == ["2025-06"])
            #expect(try await store.quarantined(openOnly: false, offset: 0, limit: nil).rows.map(\.raw) == ["new,row"])
            let entry = try #require(try await store.auditEntries(limit: 1).entries.first)
            #expect(entry.actor == "job:retention" && entry.changes == ["traffic data purged: 2 usage record(s), 1 alert(s), 1 quarantined row(s)"])
            // Nothing left to purge: nothing changes, nothing is audited.
            #expect(try await store.purgeUsage(before: "2025-06", importsBefore: try Instant(iso: "2025-06-01T00:00:00Z"), at: Self.t0)
                    == UsagePurge(records: 0, alerts: 0, quarantined: 0))
        }
    }
}
