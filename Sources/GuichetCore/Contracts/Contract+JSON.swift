extension Contract {
    /// The stored body: the JSON its Codable conformance writes with sorted keys, written directly. Each change of a
    /// contract writes it whole, where Foundation's encoder took 6 % of run-due's CPU (D-RUN-29); `ContractJSONTests`
    /// compares the two byte for byte on a contract with every member set.
    package var json: String {
        var w = JSONText(capacity: 2_048)
        w.object { m in
            if let activatedOn { m.string("activatedOn", activatedOn.description) }
            if let f = activationFailure {
                m.object("activationFailure") { o in
                    if let m = f.refunded { o.money("refunded", m) }
                    o.string("reportedOn", f.reportedOn.description); o.string("resolveBy", f.resolveBy.description)
                    if let d = f.resolvedOn { o.string("resolvedOn", d.description) }
                    if let d = f.terminatedOn { o.string("terminatedOn", d.description) }
                }
            }
            if let advance {
                m.object("advance") { o in
                    o.money("amount", advance.amount)
                    o.object("basis") { advance.basis.write(&$0) }
                    if let d = advance.paidOn { o.string("paidOn", d.description) }
                    if let d = advance.refundedOn { o.string("refundedOn", d.description) }
                    if let d = advance.refusedOn { o.string("refusedOn", d.description) }
                    o.string("requestedOn", advance.requestedOn.description)
                    o.money("setOff", advance.setOff)
                }
            }
            if let appointment {
                m.object("appointment") { a in
                    a.string("last", appointment.last.rawValue)
                    if let missed = appointment.missedOn { a.string("missedOn", missed.description) }
                    if let slot = appointment.slot { a.string("slot", slot.description) }
                }
            }
            if let chosenActivationDate { m.string("chosenActivationDate", chosenActivationDate.description) }
            m.string("customerID", customerID)
            if let decoderDeposit {
                m.object("decoderDeposit") { o in
                    o.money("amount", decoderDeposit.amount)
                    if let k = decoderDeposit.kept { o.money("kept", k) }
                    if let k = decoderDeposit.keptOn { o.string("keptOn", k.description) }
                    o.string("paidOn", decoderDeposit.paidOn.description)
                    if let r = decoderDeposit.refundedOn { o.string("refundedOn", r.description) }
                }
            }
            if let deposit { m.object("deposit") { Self.write(&$0, deposit) } }
            m.bool("distanceSale", distanceSale)
            m.number("engagementMonths", engagementMonths)
            if let equipmentReturnedOn { m.string("equipmentReturnedOn", equipmentReturnedOn.description) }
            if let externalID { m.string("externalID", externalID) }
            m.string("family", family.rawValue)
            m.array("history", history) { w, e in w.object { Self.write(&$0, e) } }
            m.string("id", id)
            if let n = lowBalanceNotice {
                m.object("lowBalanceNotice") { o in o.string("at", n.at.description); o.money("balance", n.balance); o.string("on", n.on.description) }
            }
            if let monthlyFee { m.object("monthlyFee") { Self.write(&$0, monthlyFee) } }
            if let nextActionOn { m.string("nextActionOn", nextActionOn.description) }
            if let offerChanges {
                m.array("offerChanges", offerChanges) { w, c in w.object { Self.write(&$0, c) } }
            }
            m.string("offeringID", offeringID)
            if let options {
                m.array("options", options) { w, o in
                    w.object { m in
                        if let end = o.endsOn { m.string("endsOn", end.description) }
                        m.object("explanation") { o.explanation.write(&$0) }
                        m.string("kind", o.kind.rawValue); m.string("requestedOn", o.requestedOn.description)
                        if let stopped = o.stoppedOn { m.string("stoppedOn", stopped.description) }
                    }
                }
            }
            m.string("orderedOn", orderedOn.description)
            if let pendingOfferChange { m.object("pendingOfferChange") { Self.write(&$0, pendingOfferChange) } }
            if let d = presentedDocuments {
                m.object("presentedDocuments") { o in
                    o.bool("addressesDiffer", d.addressesDiffer); o.bool("bankDetails", d.bankDetails); o.bool("companyExtract", d.companyExtract)
                    o.string("identity", d.identity.rawValue); o.bool("mandate", d.mandate); o.bool("proofOfAddress", d.proofOfAddress)
                }
            }
            if let priceChanges {
                m.array("priceChanges", priceChanges) { w, p in
                    w.object { o in
                        o.string("effectiveOn", p.effectiveOn.description); o.money("from", p.from); o.string("ground", p.ground.rawValue)
                        o.string("notifiedOn", p.notifiedOn.description); o.money("to", p.to)
                    }
                }
            }
            if let purchasePrice { m.object("purchasePrice") { Self.write(&$0, purchasePrice) } }
            m.number("quantity", quantity)
            if let renewals { m.number("renewals", renewals) }
            if let revisions {
                m.array("revisions", revisions) { w, r in
                    w.object { o in o.money("amount", r.amount); o.object("explanation") { r.explanation.write(&$0) }; o.string("on", r.on.description) }
                }
            }
            m.string("state", state.rawValue)
            if let statementRequestedOn { m.string("statementRequestedOn", statementRequestedOn.description) }
            if let subscriptionDocumentsOn { m.string("subscriptionDocumentsOn", subscriptionDocumentsOn.description) }
            m.string("territoryID", territoryID)
            if let thefts {
                m.array("thefts", thefts) { w, t in
                    w.object { o in
                        o.string("declaredOn", t.declaredOn.description); o.string("policeReport", t.policeReport)
                        o.string("stolenAt", t.stolenAt.description); o.string("suspendedOn", t.suspendedOn.description)
                    }
                }
            }
            if let p = thirdPartyPayments {
                m.object("thirdPartyPayments") { o in
                    if let d = p.deactivatedOn { o.string("deactivatedOn", d.description) }
                    if let d = p.deprivedOn { o.string("deprivedOn", d.description) }
                    o.array("subscriptions", p.subscriptions) { w, s in
                        w.object { o in
                            o.money("billed", s.billed)
                            if let d = s.cancelledOn { o.string("cancelledOn", d.description) }
                            if let d = s.endedOn { o.string("endedOn", d.description) }
                            o.string("id", s.id); o.string("label", s.label); o.string("merchant", s.merchant)
                            if let m = s.months { o.number("months", m) }
                            o.money("price", s.price); o.string("startedOn", s.startedOn.description); o.string("termStartedOn", s.termStartedOn.description)
                            if let w = s.weeks { o.number("weeks", w) }
                        }
                    }
                }
            }
            if let topUps {
                m.array("topUps", topUps) { w, t in
                    w.object { o in
                        o.money("amount", t.amount); o.string("at", t.at.description); o.string("channel", t.channel.rawValue)
                        o.string("id", t.id); o.string("on", t.on.description)
                    }
                }
            }
        }
        return w.text
    }

    private static func write(_ m: inout JSONText.Members, _ e: ContractEvent) {
        m.string("action", e.action.rawValue); m.string("from", e.from.rawValue)
        if let g = e.ground { m.string("ground", g.rawValue) }
        if let note = e.note { m.string("note", note) }
        m.string("on", e.on.description)
        if let t = e.termination {
            m.object("termination") { o in
                if let d = t.documentsReceivedOn { o.string("documentsReceivedOn", d.description) }
                if let j = t.justification { o.string("justification", j) }
                if let m = t.movedOn { o.string("movedOn", m.description) }
                o.bool("portOut", t.portOut)
                if let r = t.reason { o.string("reason", r.rawValue) }
                o.string("receivedOn", t.receivedOn.description)
                if let r = t.requestedEffectiveOn { o.string("requestedEffectiveOn", r.description) }
            }
        }
        m.string("to", e.to.rawValue)
    }

    private static func write(_ m: inout JSONText.Members, _ c: OfferChange) {
        m.object("explanation") { c.explanation.write(&$0) }
        if let fee = c.fee { m.object("fee") { Self.write(&$0, fee) } }
        m.string("from", c.from); m.string("on", c.on.description); m.string("to", c.to)
    }

    private static func write(_ m: inout JSONText.Members, _ q: PriceQuote) {
        m.money("amount", q.amount); m.string("on", q.on.description); m.string("priceID", q.priceID); m.string("source", q.source)
        m.bool("taxIncluded", q.taxIncluded); m.string("version", q.version)
    }

    private static func write(_ m: inout JSONText.Members, _ d: SecurityDeposit) {
        m.money("amount", d.amount)
        if let p = d.paidOn { m.string("paidOn", p.description) }
        if let p = d.proofOn { m.string("proofOn", p.description) }
        m.string("reason", d.reason.rawValue)
        if let r = d.refundRequestedOn { m.string("refundRequestedOn", r.description) }
        if let r = d.refunded { m.money("refunded", r) }
        if let r = d.refundedOn { m.string("refundedOn", r.description) }
        m.string("requestedOn", d.requestedOn.description)
    }
}
