import GuichetCore
import Testing

/// reference-numbering §5.5: the published test vectors.
@Suite struct RIOTests {
    @Test(arguments: [("02P131780R0W", "0696100152"), ("04P1234566M0", "0612345678"), ("03P123456559", "0612345678")])
    func publishedVectorsPass(rio: String, number: String) throws {
        #expect(try RIO(rio).matches(nationalNumber: number))
    }

    @Test(arguments: [
        ("02P131780R0X", "0696100152"),   // key changed
        ("02P131781R0W", "0696100152"),   // reference changed
        ("02P131780R0W", "0696100153"),   // number changed
        ("01P1234566M0", "0612345678"),   // operator changed
    ])
    func oneCharacterChangedFails(rio: String, number: String) throws {
        #expect(try !RIO(rio).matches(nationalNumber: number))
    }

    @Test func malformedInputIsNamed() {
        #expect(throws: NumberingError.badRIO("02P1317", "a RIO has 12 characters, not 7")) { try RIO("02P1317") }
        #expect(throws: NumberingError.self) { try RIO("AAP131780R0W") }
        #expect(throws: NumberingError.self) { try RIO("02A131780R0W") }
        #expect(throws: NumberingError.self) { try RIO("02P131780R0W").matches(nationalNumber: "696100152") }
    }

    /// 001 Annexe 3 art. 3.1: the fixed RIO Guichet gives — operator code, F, the contract's last six letters and digits
    /// (padded with 0), the key over the national number (keys computed here by an independent implementation of §5.5).
    @Test(arguments: [
        ("02", "ctr_0000019a4c2f0001", "0590271234", "02F2F0001J5J"),
        ("00", "c1", "0594301234", "00F0000C1A+O"),
    ])
    func aFixedLinesRIOIsItsContractsReferenceAndKey(code: String, contract: String, number: String, rio: String) throws {
        let issued = try RIO.fixed(operatorCode: code, contractID: contract, nationalNumber: number)
        let matches = try issued.matches(nationalNumber: number)
        #expect(issued.description == rio && !issued.isMobile && matches)
        #expect(throws: NumberingError.self) { try RIO.fixed(operatorCode: "A1", contractID: contract, nationalNumber: number) }
    }
}
