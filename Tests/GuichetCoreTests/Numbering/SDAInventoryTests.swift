import GuichetCore
import GuichetData
import Testing

@Suite struct SDAInventoryTests {
    static let plan = try! ReferenceData.numberingPlan()
    static func d(_ s: String) -> LocalDate { try! LocalDate(iso: s) }

    @Test func allocateReturnQuarantineReuse() throws {
        var inv = SDAInventory()
        try inv.addRange(first: "05 62 07 04 10", count: 10, plan: Self.plan)
        #expect(inv.available(on: Self.d("2026-01-01")).first == "+33562070410")
        #expect(inv.available(on: Self.d("2026-01-01")).count == 10)
        try inv.allocate("+33562070410", customer: "cus_a", site: "toulouse", user: "A", on: Self.d("2026-01-05"))
        #expect(throws: NumberingError.self) { try inv.allocate("+33562070410", customer: "cus_b", site: "x", user: nil, on: Self.d("2026-01-06")) }
        // Returned on 1 March: quarantined 40 days, free again on 10 April.
        try inv.release("+33562070410", on: Self.d("2026-03-01"))
        #expect(!inv.available(on: Self.d("2026-04-09")).contains("+33562070410"))
        #expect(throws: NumberingError.self) { try inv.allocate("+33562070410", customer: "cus_b", site: "x", user: nil, on: Self.d("2026-04-09")) }
        #expect(inv.available(on: Self.d("2026-04-10")).contains("+33562070410"))
        try inv.allocate("+33562070410", customer: "cus_b", site: "x", user: nil, on: Self.d("2026-04-10"))
    }

    @Test func keptNumbersAndBadRanges() throws {
        var inv = SDAInventory()
        try inv.importKept("0590 27 12 34", customer: "cus_a", site: "gustavia", plan: Self.plan)
        #expect(inv.entries["+590590271234"]?.origin == .kept)
        try inv.release("+590590271234", on: Self.d("2026-03-01"))
        #expect(inv.entries["+590590271234"] == nil)
        #expect(throws: NumberingError.self) { try inv.addRange(first: "06 12 34 56 78", count: 10, plan: Self.plan) }   // mobile: not an SDA
        try inv.addRange(first: "05 62 07 04 10", count: 10, plan: Self.plan)
        #expect(throws: NumberingError.self) { try inv.addRange(first: "05 62 07 04 15", count: 10, plan: Self.plan) }  // overlap
    }
}
