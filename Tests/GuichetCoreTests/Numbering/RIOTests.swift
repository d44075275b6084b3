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
}
