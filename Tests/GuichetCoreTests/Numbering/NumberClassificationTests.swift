import GuichetCore
import GuichetData
import Testing

@Suite struct NumberClassificationTests {
    static let plan = try! ReferenceData.numberingPlan()

    @Test(arguments: [
        ("05 62 07 04 10", "+33562070410", "FR", NumberType.fixedGeographic),
        ("+33 6 12 34 56 78", "+33612345678", "FR", .mobile),
        ("0690 12 34 56", "+590690123456", "GP", .mobile),            // 0690 is Guadeloupe's, not +33
        ("0696.10.01.52", "+596696100152", "MQ", .mobile),
        ("0694-20-12-34", "+594694201234", "GF", .mobile),
        ("0639 01 23 45", "+262639012345", "YT", .mobile),            // Mayotte mobiles moved from +269 to +262
        ("0262 40 12 34", "+262262401234", "RE", .fixedGeographic),
        ("0590 27 12 34", "+590590271234", "BL", .fixedGeographic),
        ("0800 12 34 56", "+33800123456", "FR", .tollFree),
        ("0162 12 34 56", "+33162123456", "FR", .telemarketing),       // ARCEP 2022-1583
        ("09 47 51 23 45", "+590947512345", "GP", .telemarketing),
        ("0970 12 34 56", "+33970123456", "FR", .voip),
        ("00 590 690 12 34 56", "+590690123456", "GP", .mobile),
    ])
    func frenchPlanNumbers(input: String, e164: String, territory: String, type: NumberType) throws {
        let c = try Self.plan.classify(input)
        #expect(c.e164 == e164 && c.territory == territory && c.type == type)
    }

    @Test(arguments: [("112", NumberType.emergency), ("15", .emergency), ("116000", .emergency), ("118712", .directoryEnquiries),
                      ("3179", .shortService), ("1016", .carrierPrefix)])
    func shortNumbers(input: String, type: NumberType) throws {
        #expect(try Self.plan.classify(input).type == type)
    }

    @Test func internationalNumbersByCountryCode() throws {
        let c = try Self.plan.classify("+1 473 440 0000")
        #expect(c.type == .international && c.countryCode == "1")
        #expect(try Self.plan.classify("+212 522 123456").countryCode == "212")
    }

    @Test(arguments: [
        ("06 12 34 56", "number '06 12 34 56': 8 digits: a French number has 10 digits starting with 0, or is a short number"),
        ("+33 690 12 34 56", "number '+33 690 12 34 56': +33 690… is not an assigned range of +33"),
        ("06-12-AB-56-78", "number '06-12-AB-56-78': 'A' is not a digit (spaces, dots, dashes and a leading + are allowed)"),
    ])
    func badNumbersAreNamed(input: String, message: String) {
        #expect { try Self.plan.classify(input) } throws: { "\($0)" == message }
    }
}
