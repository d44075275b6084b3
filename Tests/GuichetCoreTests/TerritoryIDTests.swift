import GuichetCore
import Testing

/// D-CAL-10: French Guiana's former id GY reads as GF, noted once per request or command.
@Suite struct TerritoryIDTests {
    @Test func aFormerIDIsTheCurrentOneNotedOnce() {
        let notes = DeprecationNotes()
        DeprecationNotes.$current.withValue(notes) {
            #expect(TerritoryID.current("GY") == "GF")
            #expect(TerritoryID.current("GY") == "GF")
            #expect(TerritoryID.current("GP") == "GP")
        }
        #expect(notes.all == ["territory 'GY' is deprecated: use 'GF' (ISO 3166: GY is Guyana, French Guiana is GF)"])
    }

    @Test(arguments: [
        (#"{"territoryID":"GY","name":"GY"}"#, #"{"territoryID":"GF","name":"GY"}"#),
        (#"{"address":{"territory":"GY"},"note":"territory GY"}"#, #"{"address":{"territory":"GF"},"note":"territory GY"}"#),
        (#"{"territoryID":"GP"}"#, #"{"territoryID":"GP"}"#),
    ])
    func anEventRecordedUnderGYReadsAsGFInItsTerritoryMembersOnly(payload: String, read: String) {
        #expect(TerritoryID.upgraded(payload: payload) == read)
    }
}
