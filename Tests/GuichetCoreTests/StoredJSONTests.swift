import Foundation
@testable import GuichetCore
import Testing

/// Contracts and obligations are written as JSON by hand (D-RUN-29): byte for byte what their Codable conformance writes
/// with sorted keys, since `guichet rebuild-state` compares a row folded again with the row written live. The full fixtures
/// set every optional member at every depth (checked here), so a member added to a type and not to its writer fails.
@Suite struct StoredJSONTests {
    /// Texts Foundation escapes, and input names whose order a case-insensitive sort would change.
    static let odd = "a/b \"q\" \\ é\u{1}\u{8}\u{C}\n\t\u{7F}\u{2028}😀"
    static let explanation = Explanation(rule: "F × M / 12", source: "001 CG 18.1 / Annexe 1",
                                         inputs: ["a9": "1", "a10": "2", "B": "3", "_x": odd, "é": "5", "A": "6"], result: odd,
                                         steps: [Explanation(rule: "r", source: "s", result: "t")])

    static func encoded(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Whether a member, at any depth, is an absent optional.
    static func someMemberIsNil(_ value: Any) -> Bool {
        let m = Mirror(reflecting: value)
        if m.displayStyle == .optional { return m.children.first.map { someMemberIsNil($0.value) } ?? true }
        return m.children.contains { someMemberIsNil($0.value) }
    }

    static func full() throws -> Contract {
        let day = try LocalDate(iso: "2025-03-15")
        let quote = PriceQuote(priceID: "wte/pack", version: "v1", amount: Money(cents: 1_200), taxIncluded: false, on: day, source: odd)
        var c = try Contract(id: "ctr_1", customerID: odd, family: .workplace, offeringID: "wte-pack", territoryID: "MQ", monthlyFee: quote,
                             quantity: 3, engagementMonths: 36, orderedOn: day, distanceSale: true, chosenActivationDate: day.adding(days: 3),
                             purchasePrice: quote)
        try c.apply(.activate, on: day.adding(days: 5), note: odd)
        let request = TerminationRequest(receivedOn: day.adding(days: 40), requestedEffectiveOn: day.adding(days: 90), reason: .dismissal,
                                         documentsReceivedOn: day.adding(days: 41), portOut: true, movedOn: day.adding(days: 35), justification: odd)
        try c.apply(.requestTermination, on: day.adding(days: 40), note: "n", termination: request)
        c.externalID = "K/42"
        c.nextActionOn = day.adding(days: 90)
        try c.revise(FeeRevision(on: try LocalDate(iso: "2026-03-01"), amount: Money(cents: 1_191), explanation: explanation))
        c.offerChanges = [OfferChange(on: day.adding(days: 20), from: "wte-pack-old", to: "wte-pack", fee: quote, explanation: explanation)]
        c.pendingOfferChange = OfferChange(on: day.adding(days: 60), from: "wte-pack", to: "wte-pack-new", fee: quote, explanation: explanation)
        try c.recordEquipmentReturned(on: day.adding(days: 50))
        c.renewals = 2
        c.subscriptionDocumentsOn = day.adding(days: 4)
        c.appointment = TechnicianAppointment(slot: try Instant(iso: "2025-03-20T12:00:00Z"), last: .missed, missedOn: day.adding(days: 5))
        var deposit = SecurityDeposit(reason: .noProofOfAddress, amount: Money(cents: 15_000), requestedOn: day)
        deposit.paidOn = day; deposit.proofOn = day.adding(days: 1); deposit.refundRequestedOn = day.adding(days: 2)
        deposit.refundedOn = day.adding(days: 3); deposit.refunded = Money(cents: 14_999)
        c.deposit = deposit
        var decoder = DecoderDeposit(amount: Money(cents: 7_500), paidOn: day)
        decoder.keptOn = day.adding(days: 70); decoder.kept = Money(cents: 5_000); decoder.refundedOn = day.adding(days: 71)
        c.decoderDeposit = decoder
        var option = ContractOption(kind: .tvOnConnectedTV, requestedOn: day, endsOn: day.adding(months: 24), explanation: explanation)
        option.stoppedOn = day.adding(days: 9)
        c.options = [option]
        var sub = MerchantSubscription(id: "s1", merchant: odd, label: odd, price: Money(cents: 999), weeks: 1, months: 2, startedOn: day)
        sub.cancelledOn = day.adding(days: 1); sub.endedOn = day.adding(days: 7)
        c.presentedDocuments = PresentedDocuments(identity: .circulationBooklet, bankDetails: true, addressesDiffer: true, proofOfAddress: true,
                                                  companyExtract: true, mandate: true)
        c.thirdPartyPayments = ThirdPartyPayments(deactivatedOn: day, deprivedOn: day.adding(days: 1), subscriptions: [sub])
        c.advance = ConsumptionAdvance(amount: Money(cents: 8_000), requestedOn: day, basis: explanation, paidOn: day.adding(days: 1),
                                       refusedOn: day.adding(days: 2), setOff: Money(cents: 3_000), refundedOn: day.adding(days: 3))
        c.topUps = [TopUp(id: odd, amount: Money(cents: 1_000), channel: .ivr456, at: try Instant(iso: "2025-03-15T08:30:00Z"), on: day)]
        c.lowBalanceNotice = LowBalanceNotice(at: try Instant(iso: "2025-03-16T08:30:00Z"), on: day.adding(days: 1), balance: Money(cents: 150))
        c.statementRequestedOn = day.adding(days: 2)
        c.priceChanges = [PriceChange(ground: .regulatory, notifiedOn: day, effectiveOn: day.adding(months: 1), from: Money(cents: 2_000), to: Money(cents: 2_040))]
        var failure = ActivationFailure(reportedOn: day, resolveBy: day.adding(months: 1))
        failure.resolvedOn = day.adding(days: 3); failure.terminatedOn = day.adding(days: 40); failure.refunded = Money(cents: 2_500)
        c.activationFailure = failure
        c.thefts = [Theft(stolenAt: try Instant(iso: "2025-03-14T22:00:00Z"), policeReport: odd, declaredOn: day, suspendedOn: day)]
        // The writer writes whatever an event holds: a suspension's ground (003 CG 15) too.
        c.history[c.history.count - 1].ground = .publicOrder
        return c
    }

    @Test func aContractWithEveryMemberSetIsWrittenAsItsCodableConformanceWritesIt() throws {
        let c = try Self.full()
        // A request's terms are set on its event only: the activation's has none.
        #expect(!Mirror(reflecting: c).children.contains { $0.label != "history" && Self.someMemberIsNil($0.value) })
        #expect(!Self.someMemberIsNil(c.history.last!))
        #expect(c.json == (try Self.encoded(c)))
        #expect(try JSONDecoder().decode(Contract.self, from: Data(c.json.utf8)) == c)
    }

    @Test func aContractWithNoOptionalMemberOmitsThemAsItsCodableConformanceDoes() throws {
        let c = try Contract(id: "ctr_2", customerID: "cus_2", family: .livebox, offeringID: "livebox-fibre", territoryID: "GP",
                             monthlyFee: nil, engagementMonths: 0, orderedOn: try LocalDate(iso: "2026-01-02"), distanceSale: false)
        #expect(c.json == (try Self.encoded(c)))
    }

    @Test func obligationsPendingAndSettledAreWrittenAsTheirCodableConformanceWritesThem() throws {
        let pending = Obligation(id: "obl_1", kind: .terminate, resource: "contract:ctr_1", dueOn: try LocalDate(iso: "2026-03-12"),
                                 dueAt: try Instant(iso: "2026-03-12T04:00:00Z"), explanation: Self.explanation)
        let settled = try #require(pending.settled(.done, at: try Instant(iso: "2026-03-12T04:00:05Z"), outcome: Self.odd))
        #expect(!Self.someMemberIsNil(settled))
        for o in [pending, settled] { #expect(o.json == (try Self.encoded(o))) }
    }
}
