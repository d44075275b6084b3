import Testing
import GuichetApp

/// D-SCALE-13: new resources' ids grow, so that a batch of them lands at the end of every index that holds them.
struct ResourceIDTests {
    @Test func idsGrowOneAfterAnotherAndDiffer() {
        let ids = (0..<20_000).map { _ in ResourceID.make("ctr") }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { $0.count == 28 && $0.hasPrefix("ctr_") && $0.dropFirst(4).allSatisfy(\.isHexDigit) && $0 == $0.lowercased() })
    }
}
