import GuichetCore
import GuichetData
import Testing

/// 001 Annexe 4: CMR + price per minute, per second from the first second, TTC by zone.
@Suite struct RaterTests {
    static let rater = Rater(catalog: ShippedCatalogs.set, plan: try! ReferenceData.numberingPlan())
    static let day = try! LocalDate(iso: "2026-05-04")
    static func call(_ number: String, _ seconds: Int, mobile: Bool? = nil, kind: UsageKind = .voice) -> UsageRecord {
        UsageRecord(id: "cdr-1", line: "+590590271234", kind: kind, called: number, start: try! Instant(iso: "2026-05-04T10:00:00-04:00"),
                    quantity: seconds, calledLineIsMobile: mobile)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let number: String, mobile: Bool?, seconds: Int, zone: String, amount: String
        var testDescription: String { "\(number) \(seconds) s \(zone)" }
    }

    static let charged: [Case] = [
        // F6 Algeria fixed, 125 s: DOM1 0.10 + 0.99 × 125/60 = 2.1625; DOM2 0.092 + 0.912 × 125/60 = 1.992.
        Case(number: "+213210000000", mobile: nil, seconds: 125, zone: "DOM1", amount: "2.1625"),
        Case(number: "+213210000000", mobile: nil, seconds: 125, zone: "DOM2", amount: "1.992"),
        // M12 Brazil mobile, 61 s: DOM1 0.10 + 0.592 × 61/60 = 0.7019; DOM2 0.092 + 0.546 × 61/60 = 0.6471.
        Case(number: "+5511912345678", mobile: true, seconds: 61, zone: "DOM1", amount: "0.7019"),
        Case(number: "+5511912345678", mobile: true, seconds: 61, zone: "DOM2", amount: "0.6471"),
        // M1 metropolitan mobile from Essentiel (only Infini includes it), 1 s: 0.10 + 0.173/60 = 0.1029.
        Case(number: "0612345678", mobile: nil, seconds: 1, zone: "DOM1", amount: "0.1029"),
    ]

    @Test(arguments: charged)
    func chargedCalls(_ c: Case) throws {
        let r = try Self.rater.rate(Self.call(c.number, c.seconds, mobile: c.mobile), offering: "livebox-essentiel-fibre", zone: c.zone, on: Self.day)
        #expect(r.amount == (try Money(c.amount)))
        #expect(r.listAmount == r.amount)
        #expect(!r.included)
        #expect(r.explanation.source.hasPrefix("001 Annexe 4"))
    }

    @Test func usaMobileAtTheAnnex4FiguresIsIncluded() throws {
        // A4 M4, 90 s: DOM1 0.10 + 0.22 × 90/60 = 0.43; DOM2 0.092 + 0.203 × 90/60 = 0.3965. Both Livebox offers
        // include USA/Canada mobiles (A1/A2, D-CAT-1): nothing is charged and the A4 value is kept as the list price.
        for (zone, list) in [("DOM1", "0.43"), ("DOM2", "0.3965")] {
            let r = try Self.rater.rate(Self.call("+12125550100", 90, mobile: true), offering: "livebox-essentiel-fibre", zone: zone, on: Self.day)
            #expect(r.included)
            #expect(r.amount == .zero)
            #expect(r.listAmount == (try Money(list)))
            #expect(r.destination == "A4-M4")
        }
    }

    @Test func includedAndEmergencyCallsAreFree() throws {
        // Metropolitan mobiles are included in Infini (A4 note); 112 always, even on a capped plan.
        #expect(try Self.rater.rate(Self.call("0612345678", 600), offering: "livebox-infini-fibre", zone: "DOM1", on: Self.day).amount == .zero)
        for (offering, zone) in [("livebox-essentiel-fibre", "DOM2"), ("mayotte-forfait-bloque", "YT"), ("wte-pack-calling", "FR")] {
            let sos = try Self.rater.rate(Self.call("112", 300), offering: offering, zone: zone, on: Self.day)
            #expect(sos.amount == .zero)
            #expect(sos.destination == "emergency")
        }
    }

    /// 001 Préambule: the 3900 « service gratuit + prix appel » costs a normal call of the offer, included in both Livebox
    /// offers (D-RAT-11); other special numbers are outside the offer (CG 9.4) and the document prices none: quarantined,
    /// named. The 3900 is 001's customer service, not 003's: a Mayotte line's call is not priced by 001.
    @Test(arguments: ["livebox-essentiel-fibre", "livebox-infini-xdsl"])
    func customerServiceIsANormalCall(offering: String) throws {
        let call = try Self.rater.rate(Self.call("3900", 600), offering: offering, zone: "DOM2", on: Self.day)
        #expect(call.amount == .zero && call.included && call.destination == "SC-3900", "\(call)")
        #expect(call.called == "3900")
        #expect(throws: RatingError.unknownDestination(id: "cdr-1", number: "the short number 3949 (special numbers are priced by the operator's sheet, not by the offer)")) {
            try Self.rater.rate(Self.call("3949", 60), offering: offering, zone: "DOM2", on: Self.day)
        }
        #expect(throws: RatingError.self) {
            try Self.rater.rate(Self.call("3900", 60), offering: "mayotte-forfait-bloque", zone: "YT", on: Self.day)
        }
    }

    /// 003 CG 11.2.1: the unlimited calls are « hors numéros spéciaux et hors numéros surtaxés »; the sample national group's
    /// prefix 33 must not price them: premium (089x), shared cost (081x), toll free (080x) are the operator's sheet's, quarantined
    /// and named; a geographic or mobile number of the same plan stays included.
    @Test(arguments: [
        ("0899123456", "the special number +33899123456"), ("0812345678", "the special number +33812345678"),
        ("0800123456", "the special number +33800123456"), ("0145123456", nil), ("0612345678", nil),
    ] as [(String, String?)])
    func specialNumbersAreOutsideTheMayotteUnlimited(_ number: String, _ refusal: String?) throws {
        do {
            let r = try Self.rater.rate(Self.call(number, 60), offering: "mayotte-forfait-24-mois", zone: "YT", on: Self.day)
            #expect(refusal == nil && r.included, "\(r)")
        } catch {
            #expect(refusal.map { error.description.contains("no tariff prices a call to \($0) (special numbers are priced by the operator's sheet") } == true, "\(error)")
        }
    }

    @Test func eachOfferingIsPricedByItsOwnDocument() throws {
        // The 004 sample catch-all "1" must not price a Livebox call, nor A4 a WTE call.
        let wte = try Self.rater.rate(Self.call("+213210000000", 120), offering: "wte-pack-calling", zone: "FR", on: Self.day)
        #expect(wte.destination == "WTE-S-INT-FIXE")
        #expect(wte.amount == (try Money("0.30")))        // SAMPLE 0.15 €/min × 2
        #expect(wte.source.hasSuffix("SAMPLE rate"))
        #expect(wte.allowance == "wte-voix-intense")       // Algeria fixed is in the 004 §2.6.1 list
        let brazilMobile = try Self.rater.rate(Self.call("+5511912345678", 60, mobile: true), offering: "wte-pack-calling", zone: "FR", on: Self.day)
        #expect(brazilMobile.allowance == nil)               // only Brazil fixed is
        let sms = try Self.rater.rate(Self.call("0639001234", 3, kind: .sms), offering: "mayotte-forfait-bloque", zone: "YT", on: Self.day)
        #expect(sms.amount == (try Money("0.30")))        // SAMPLE 0.10 per message × 3
    }

    @Test func unknownDestinationsAndBadRecordsAreRefused() {
        // 001 A4 note (3): UK 44870 has no price: quarantined, never guessed.
        #expect(throws: RatingError.unknownDestination(id: "cdr-1", number: "+448701234567")) {
            try Self.rater.rate(Self.call("+448701234567", 60), offering: "livebox-essentiel-fibre", zone: "DOM1", on: Self.day)
        }
        // Annex 4 prints Romania among the fixed destinations (F7) only: a Romanian mobile has no price (D-CAT-2, D-CAT-6),
        // on Essentiel as on Infini; its fixed lines are priced.
        for offering in ["livebox-essentiel-fibre", "livebox-infini-fibre"] {
            #expect(throws: RatingError.unknownDestination(id: "cdr-1", number: "+40721234567")) {
                try Self.rater.rate(Self.call("+40721234567", 60, mobile: true), offering: offering, zone: "DOM1", on: Self.day)
            }
        }
        #expect((try? Self.rater.rate(Self.call("+40212345678", 60, mobile: false), offering: "livebox-essentiel-fibre", zone: "DOM1", on: Self.day))?
            .explanation.source.contains("F7") == true)
        #expect(throws: RatingError.negativeQuantity("cdr-1")) {
            try Self.rater.rate(Self.call("0590271234", -1), offering: "livebox-essentiel-fibre", zone: "DOM1", on: Self.day)
        }
        #expect(throws: RatingError.badNumber(id: "cdr-1", number: "05902712")) {
            try Self.rater.rate(Self.call("05902712", 10), offering: "livebox-essentiel-fibre", zone: "DOM1", on: Self.day)
        }
    }

    @Test func dialledNumbersParseWithoutTheSlowPath() throws {
        let plan = try ReferenceData.numberingPlan()
        let n = try #require(plan.dialled("0590271234".utf8))
        #expect(n.e164 == "+590590271234")
        #expect(n.type == .fixedGeographic)
        #expect(plan.dialled("0033612345678".utf8)?.e164 == "+33612345678")
        #expect(plan.dialled("+262639001234".utf8)?.type == .mobile)
        #expect(plan.dialled("112".utf8)?.type == .emergency)
        #expect(plan.dialled("+590 590".utf8) == nil)
        #expect(plan.dialled("+33123".utf8) == nil)
    }
}
