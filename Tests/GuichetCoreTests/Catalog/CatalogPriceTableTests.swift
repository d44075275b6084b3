import GuichetCore
import Testing

/// Every price the documents give is in the shipped catalog: each row was read off the
/// seed document it cites.
@Suite struct CatalogPriceTableTests {
    typealias S = ShippedCatalogs

    // (document and item, price id, expected amount)
    static let prices: [(String, String, String)] = [
        ("001 A1 Livebox Essentiel ADSL/VDSL2, per month", "livebox-essentiel-xdsl-monthly", "49.90"),
        ("001 A1 Livebox Essentiel Fibre, per month", "livebox-essentiel-fibre-monthly", "54.90"),
        ("001 A1 Essentiel sur ligne fixe Orange, base", "livebox-essentiel-xdsl-ligne-fixe-monthly", "49.90"),
        ("001 A1 supplement ligne fixe Orange", "livebox-essentiel-ligne-fixe-supplement", "7.50"),
        ("001 A2 Livebox Infini ADSL/VDSL2, per month", "livebox-infini-xdsl-monthly", "59.90"),
        ("001 A2 Livebox Infini Fibre, per month", "livebox-infini-fibre-monthly", "64.90"),
        ("001 A2 Infini sur ligne fixe Orange, base", "livebox-infini-xdsl-ligne-fixe-monthly", "59.90"),
        ("001 A2 supplement ligne fixe Orange", "livebox-infini-ligne-fixe-supplement", "7.50"),
        ("001 A1/A2 Livebox rental (included)", "livebox-rental", "2.50"),
        ("001 A2 option TV d'Orange sur TV connectée", "option-tv-connectee", "5.00"),
        ("001 CG 5.1 construction fee DOM1", "frais-construction-xdsl-dom1", "107.60"),
        ("001 CG 5.1 construction fee DOM2", "frais-construction-xdsl-dom2", "99.17"),
        ("001 CG 5.2 technician travel DOM1", "frais-deplacement-technicien-dom1", "107.60"),
        ("001 CG 5.2 technician travel DOM2", "frais-deplacement-technicien-dom2", "99.17"),
        ("001 A1/A2 TV decoder activation", "activation-decodeur-tv", "50.00"),
        ("001 A2 TV key / second decoder activation", "activation-cle-tv-ou-second-decodeur", "10.00"),
        ("001 A1/A2 fibre access, detached house", "frais-acces-fibre-maison-individuelle", "49.00"),
        ("001 CG 18.1 termination fee", "frais-resiliation-livebox", "50.00"),
        ("001 CG 6.3 non-return, Livebox and boxes", "non-restitution-livebox", "100.00"),
        ("001 CG 6.3 non-return, TV decoder", "non-restitution-decodeur", "200.00"),
        ("000 art. 3.3 F01", "forfait-f01-price", "29.00"),
        ("000 art. 3.3 F02", "forfait-f02-price", "19.00"),
        ("000 art. 3.3 F03 (Offert)", "forfait-f03-price", "0.00"),
        ("000 art. 3.3 F04", "forfait-f04-price", "19.00"),
        ("000 art. 3.3 F05", "forfait-f05-price", "19.00"),
        ("000 art. 3.3 F06", "forfait-f06-price", "19.00"),
        ("000 art. 3.3 F07", "forfait-f07-price", "19.00"),
        ("000 art. 3.3 F08", "forfait-f08-price", "19.00"),
        ("000 art. 3.3 F09", "forfait-f09-price", "49.00"),
        ("000 art. 3.3 F10 per account", "forfait-f10-price", "29.00"),
        ("000 art. 3.3 F11 per account, pro only", "forfait-f11-price", "49.00"),
        ("000 art. 3.3 F12 per computer", "forfait-f12-price", "49.00"),
        ("000 art. 3.3 F13 per computer", "forfait-f13-price", "79.00"),
        ("000 art. 3.3 F14", "forfait-f14-price", "49.00"),
        ("000 art. 3.3 F16", "forfait-f16-price", "29.00"),
        ("000 art. 3.3 F18", "forfait-f18-price", "49.00"),
        ("000 art. 3.3 F19", "forfait-f19-price", "79.00"),
        ("000 art. 3.3 F20", "forfait-f20-price", "49.00"),
        ("000 art. 3.3 F21", "forfait-f21-price", "29.00"),
        ("000 art. 3.3 F22 pro only", "forfait-f22-price", "49.00"),
        ("000 art. 3.3 F23", "forfait-f23-price", "49.00"),
        ("000 art. 3.2 776 advisor time per minute", "appel-776-temps-conseiller", "0.38"),
        ("002 §3 e-soutien, no charge", "e-soutien-price", "0.00"),
        ("003 CG 5 late activation compensation", "mayotte-compensation-activation-tardive", "3.50"),
        ("003 CG 19.2 porting delay, per day", "mayotte-compensation-portabilite-retard", "3.50"),
    ]

    @Test(arguments: prices)
    func documentPricesAreInTheCatalog(item: String, id: String, expected: String) throws {
        let p = try #require(S.set.prices.price(id, on: S.day), "\(item): no price '\(id)'")
        #expect(p.amount == (try Money(expected)), "\(item)")
        #expect(!p.sample && !p.missing)
    }

    // (item, destination number in E.164 digits, line type, zone, connection, per minute) — 001 Annexe 4.
    static let tariffs: [(String, String, TariffGroup.LineType, String, String, String)] = [
        ("F6 Algérie", "21321000000", .fixed, "DOM1", "0.10", "0.99"), ("F6 Algérie", "21321000000", .fixed, "DOM2", "0.092", "0.912"),
        ("F6 Tunisie", "21671000000", .fixed, "DOM2", "0.092", "0.912"),
        ("F8 Ukraine", "380441234567", .fixed, "DOM1", "0.10", "0.76"), ("F8 Ukraine", "380441234567", .fixed, "DOM2", "0.092", "0.70"),
        ("F10 Sénégal", "221338000000", .fixed, "DOM1", "0.10", "0.99"), ("F10 Madagascar", "261202200000", .fixed, "DOM2", "0.092", "0.912"),
        ("F12 Barbade", "12464000000", .fixed, "DOM1", "0.10", "0.39"), ("F12 Grenade (resolved)", "14734400000", .fixed, "DOM2", "0.092", "0.359"),
        ("F13 Jamaïque", "18769000000", .fixed, "DOM1", "0.10", "0.59"), ("F13 Jamaïque", "18769000000", .fixed, "DOM2", "0.092", "0.544"),
        ("F13 St Marteen (+1 721)", "17215420000", .fixed, "DOM1", "0.10", "0.59"),
        ("F14 Haïti", "50922000000", .fixed, "DOM1", "0.10", "1.14"), ("F14 Haïti", "50922000000", .fixed, "DOM2", "0.092", "1.05"),
        ("F16 Guyana (+592, not Guyane)", "5922200000", .fixed, "DOM1", "0.10", "1.14"), ("F16 Suriname", "597400000", .fixed, "DOM2", "0.092", "1.051"),
        ("F18 Philippines", "6321234567", .fixed, "DOM1", "0.10", "0.99"), ("F18 Géorgie", "99532200000", .fixed, "DOM2", "0.092", "0.912"),
        ("F20 Pakistan", "92512345678", .fixed, "DOM1", "0.10", "1.14"), ("F20 Liban", "9611234567", .fixed, "DOM2", "0.092", "1.051"),
        ("F20 Kazakhstan (+7 7)", "77172000000", .fixed, "DOM1", "0.10", "1.14"),
        ("M1 metropolitan mobiles", "33612345678", .mobile, "DOM1", "0.10", "0.173"), ("M1", "33712345678", .mobile, "DOM2", "0.092", "0.16"),
        ("M2 Guadeloupe mobiles", "590690123456", .mobile, "DOM1", "0.10", "0.04"), ("M2 Martinique mobiles", "596696123456", .mobile, "DOM2", "0.092", "0.04"),
        ("M3 Réunion mobiles", "262692123456", .mobile, "DOM1", "0.10", "0.173"), ("M3 Mayotte mobiles", "262639123456", .mobile, "DOM2", "0.092", "0.16"),
        ("M4 USA mobiles", "12125550100", .mobile, "DOM1", "0.10", "0.22"), ("M4", "12125550100", .mobile, "DOM2", "0.092", "0.203"),
        ("M5 Allemagne mobiles", "4915112345678", .mobile, "DOM1", "0.10", "0.552"), ("M5", "4915112345678", .mobile, "DOM2", "0.092", "0.509"),
        ("M6 Maroc mobiles", "212612345678", .mobile, "DOM1", "0.10", "1.062"), ("M6", "212612345678", .mobile, "DOM2", "0.092", "0.979"),
        ("M7 Ukraine mobiles", "380501234567", .mobile, "DOM1", "0.10", "0.962"), ("M7", "380501234567", .mobile, "DOM2", "0.092", "0.887"),
        ("M7 (EU) Pologne mobiles", "48501234567", .mobile, "DOM1", "0.10", "0.962"),
        ("M8 Sénégal mobiles", "221771234567", .mobile, "DOM1", "0.10", "1.192"), ("M8", "221771234567", .mobile, "DOM2", "0.092", "1.099"),
        ("M9 Barbade mobiles", "12462345678", .mobile, "DOM1", "0.10", "1.342"), ("M9", "12462345678", .mobile, "DOM2", "0.092", "1.237"),
        ("M10 Aruba mobiles", "2975601234", .mobile, "DOM1", "0.10", "0.592"), ("M10", "2975601234", .mobile, "DOM2", "0.092", "0.546"),
        ("M11 Mexique mobiles", "5215512345678", .mobile, "DOM1", "0.10", "0.792"), ("M11", "5215512345678", .mobile, "DOM2", "0.092", "0.73"),
        ("M11 St-Kitts mobiles (resolved)", "18697651234", .mobile, "DOM1", "0.10", "0.792"),
        ("M12 Brésil mobiles", "5511912345678", .mobile, "DOM1", "0.10", "0.592"),
        ("M13 Argentine mobiles", "5491123456789", .mobile, "DOM2", "0.092", "1.237"),
        ("M14 Japon mobiles", "819012345678", .mobile, "DOM1", "0.10", "1.192"),
        ("M15 Inde mobiles", "919812345678", .mobile, "DOM1", "0.10", "1.342"), ("M15", "919812345678", .mobile, "DOM2", "0.092", "1.237"),
    ]

    @Test(arguments: tariffs)
    func annex4RatesByPrefix(item: String, number: String, lineType: TariffGroup.LineType, zone: String, connection: String, perMinute: String) throws {
        let (group, _) = try #require(S.index.tariff(for: number, lineType: lineType, on: S.day, catalog: "livebox-antilles-guyane"), "\(item): no tariff for +\(number)")
        let rate = try #require(group.rates[zone], "\(item): \(group.id) has no \(zone) rate")
        #expect(rate.connection == (try Money(connection)), "\(item)")
        #expect(rate.perMinute == (try Money(perMinute)), "\(item)")
    }

    // (item, number, line type, offering, included)
    @Test(arguments: [
        ("F1 metropolitan fixed, Essentiel", "33145678901", TariffGroup.LineType.fixed, "livebox-essentiel-fibre", true),
        ("F4 Allemagne fixed", "4930123456", .fixed, "livebox-essentiel-xdsl", true),
        ("F6 Algérie fixed is charged", "21321000000", .fixed, "livebox-infini-fibre", false),
        ("M1 metropolitan mobiles: Infini only", "33612345678", .mobile, "livebox-infini-fibre", true),
        ("M1 metropolitan mobiles: not Essentiel", "33612345678", .mobile, "livebox-essentiel-fibre", false),
        ("M4 USA mobiles: included in Essentiel (D-CAT-1)", "12125550100", .mobile, "livebox-essentiel-fibre", true),
        ("M5 Europe mobiles: Infini (D-CAT-2)", "4915112345678", .mobile, "livebox-infini-xdsl", true),
        ("M7 EU Pologne mobiles: Infini (D-CAT-2)", "48501234567", .mobile, "livebox-infini-xdsl", true),
        ("M7 Ukraine mobiles: charged", "380501234567", .mobile, "livebox-infini-xdsl", false),
        ("F19 Samoa américaines fixed: included (D-CAT-3)", "16846331234", .fixed, "livebox-essentiel-xdsl", true),
    ])
    func inclusions(item: String, number: String, lineType: TariffGroup.LineType, offering: String, included: Bool) throws {
        let (group, _) = try #require(S.index.tariff(for: number, lineType: lineType, on: S.day, catalog: "livebox-antilles-guyane"), "\(item)")
        #expect(group.includedIn.contains(offering) == included, "\(item): \(group.id)")
    }

    @Test func excludedPrefixesHaveNoTariff() {
        // 001 A4 note (3): UK 44870/44871 and these Moroccan fixed prefixes are outside the included groups; no price is given.
        #expect(S.index.tariff(for: "448701234567", lineType: .fixed, on: S.day, catalog: "livebox-antilles-guyane") == nil)
        #expect(S.index.tariff(for: "212526123456", lineType: .fixed, on: S.day, catalog: "livebox-antilles-guyane") == nil)
        #expect(S.index.tariff(for: "212522123456", lineType: .fixed, on: S.day, catalog: "livebox-antilles-guyane")?.0.id == "A4-F5")
    }

    @Test func blankPricesAreFlaggedNotInvented() throws {
        // 000 art. 3.3: F15 and F17 have an empty price cell; 004 gives no price at all.
        for id in ["forfait-f15-price", "forfait-f17-price", "frais-echange-equipement", "wte-coaching-price", "mayotte-depot-de-garantie"] {
            let p = try #require(S.set.prices.price(id, on: S.day))
            #expect(p.missing && p.amount == nil, "\(id)")
            #expect(throws: CatalogError.priceMissing(id: id, source: p.source)) { try S.set.prices.quote(id, on: S.day) }
        }
        // Operator-set sample prices are marked as samples.
        for id in ["wte-pack-calling-monthly", "mayotte-forfait-bloque-monthly"] {
            #expect(S.set.prices.price(id, on: S.day)?.sample == true, "\(id)")
        }
    }

    @Test func contractValuesAreParameters() {
        let values = Dictionary(uniqueKeysWithValues: S.set.parameters.map { ($0.id, $0.value) })
        #expect(values["seuil-avance-sur-consommation"] == "45.00")      // 003 CG 8
        #expect(values["seuil-suspension-hors-forfait"] == "300.00")     // 003 CG 8
        #expect(values["plafond-remboursement-vol"] == "500.00")          // 003 CG 20
        #expect(values["rappel-delai-max"] == "72")                       // 000 art. 3.2
        #expect(values["wte-livraison-drom"] == "J+3")                    // 004 §15
        #expect(S.set.allowances.first?.minutes == 500)                   // 004 §2.6.1
        #expect(S.set.allowances.first?.pooledBy == "site")
        #expect(S.set.allowances.first?.destinations.count == 84)         // 004 §2.6.1: 65 + 21 entries, Paraguay/Pérou once (D-CAT-8)
    }
}
