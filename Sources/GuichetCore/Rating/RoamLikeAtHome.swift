/// 003 CG 13.2: « Les usages compris dans l'offre du Client, soit les appels, SMS et MMS émis Mayotte vers Mayotte, sont
/// possibles dans les mêmes conditions depuis un pays de l'Union européenne, de la Suisse, de l'Andorre et des DOM (hors
/// Mayotte) vers ces mêmes destinations et Mayotte », and out of the bundle « le tarif appliqué est le même que le tarif hors
/// forfait appliqué à Mayotte ». Elsewhere, and from the zone to elsewhere, CG 13.1 defers to the price sheet (D-RAT-13).
public struct RoamLikeAtHome: Sendable, Hashable {
    public let article: String
    /// Where the line may be (ISO 3166-1 alpha-2, Guichet's territory codes for France's overseas departments).
    public let visited: Set<String>
    /// The zone's country calling codes outside the French numbering plan (which rates France and the DOM as national).
    public let callingCodes: Set<String>
    /// A fixed and a mobile number of the home territory: a call to the zone is priced as a call to one of them.
    public let homeFixed: String, homeMobile: String

    /// The European Union's 27 states (Saint-Martin, an outermost region, with them), Switzerland, Andorra, metropolitan France
    /// and the DOM other than Mayotte.
    public static let mayotte = RoamLikeAtHome(
        article: "003 CG 13.2",
        visited: ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL",
                  "PT", "RO", "SK", "SI", "ES", "SE", "CH", "AD", "GP", "MQ", "GF", "RE", "MF"],
        callingCodes: ["43", "32", "359", "385", "357", "420", "45", "372", "358", "49", "30", "36", "353", "39", "371", "370", "352", "356",
                       "31", "48", "351", "40", "421", "386", "34", "46", "41", "376"],
        homeFixed: "+262269600000", homeMobile: "+262639000000")

    /// Whether an international number (+ and digits) is one of the zone's.
    public func zoneNumber(_ e164: String) -> Bool {
        let digits = e164.utf8.dropFirst()
        return (1...3).contains { n in digits.count > n && callingCodes.contains(String(decoding: digits.prefix(n), as: UTF8.self)) }
    }

    /// How a record made from `visited` is rated: as at home (the number called, or a national number of its kind standing
    /// for a number of the zone), or refused with what prices it instead.
    public enum Treatment: Sendable, Hashable { case atHome, asNational(mobile: Bool), priceSheet(String) }

    public func treatment(visited: String, kind: UsageKind, called: String, international: Bool, calledLineIsMobile: Bool?) -> Treatment {
        guard self.visited.contains(visited) else {
            return .priceSheet("roaming from \(visited), outside the EU, Switzerland, Andorra and the DOM: priced by the operator's sheet (003 CG 13.1), not by the offer")
        }
        guard kind != .data, international else { return .atHome }
        guard zoneNumber(called) else {
            return .priceSheet("a call from \(visited) to \(called), outside the zone: priced by the operator's sheet (003 CG 13.1), not by the offer")
        }
        return .asNational(mobile: kind == .sms || calledLineIsMobile == true)
    }
}
