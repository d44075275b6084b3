import GuichetCore
import Testing

/// 001 CG 8.2.2: a line is published by default; the subscriber may choose the Liste Rouge, leave the address out, give
/// the first name's initial only, or list another user of the number.
@Suite struct DirectoryListingTests {
    static let home = Address(line1: "12 rue Schœlcher", postcode: "97110", city: "Pointe-à-Pitre", territory: "GP")

    @Test(arguments: [
        ("published by default, as held", DirectoryListing(), "Marie Dupont", true),
        ("first name's initial only, no address", DirectoryListing(hideAddress: true, initialOnly: true), "M. Dupont", false),
        ("another user of the number", DirectoryListing(listedUser: "Jean Dupont"), "Jean Dupont", true),
    ])
    func entries(item: String, listing: DirectoryListing, name: String, withAddress: Bool) {
        let e = listing.entry(number: "+590590271234", holder: "Marie Dupont", address: Self.home)
        #expect(e?.name == name && (e?.address != nil) == withAddress, "\(item)")
    }

    @Test func theListeRougePublishesNothing() {
        #expect(DirectoryListing(unlisted: true).entry(number: "+590590271234", holder: "Marie Dupont", address: Self.home) == nil)
        let opted = DirectoryListing(noProspecting: true, noReverseSearch: true).entry(number: "+590590271234", holder: "Marie", address: nil)
        #expect(opted?.name == "Marie" && opted?.noProspecting == true && opted?.noReverseSearch == true)
    }
}
