import ArgumentParser
import Foundation
import GuichetApp
import GuichetCore
import GuichetData
import GuichetServer
import GuichetStore

extension ContractAction: ExpressibleByArgument {}
extension ServiceQualityClaim.Kind: ExpressibleByArgument {}
extension LegitimateReason: ExpressibleByArgument {}
extension PresentedDocuments.Identity: ExpressibleByArgument {}
extension SuspensionGround: ExpressibleByArgument {}
extension ContractService.PartyKind: ExpressibleByArgument {}
extension TechnicianAppointment.Step: ExpressibleByArgument {}
extension EquipmentMode: ExpressibleByArgument {}
extension SecurityDeposit.Step: ExpressibleByArgument {}
extension SecurityDeposit.Case: ExpressibleByArgument {}
extension ContractRepository.MisuseStep.Step: ExpressibleByArgument {}
extension Contract.NewHome: ExpressibleByArgument {}
extension ContractService.OfferChangeRequest.Timing: ExpressibleByArgument {}

struct CustomerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "customer", abstract: "Create customers.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        @Option var name: String
        @Option(help: "consumer, business or wholesale.") var kind: ContractService.PartyKind
        @Option(help: "FR, GP, MQ, GF, RE, YT, MF or BL (GY, the former id of GF, is accepted).") var territory: String
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let c = try await openContracts(db, folder).createCustomer(name: name, kind: kind, territoryID: territory, at: try db.now())
                print(json ? try jsonString(c) : "\(c.id) customer number \(c.customerNumber)")
            }
        }
    }
}

struct ContractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "contract", abstract: "Orders, state changes, termination quotes and deadlines.",
        subcommands: [Order.self, List.self, Show.self, Transition.self, QuoteTermination.self, Deadlines.self, Obligations.self, EquipmentReturned.self, Appointment.self,
                      VisitClaim.self, QualityClaim.self, Deposit.self, Misuse.self, Moving.self, OfferChange.self, ChangeOffer.self, Documents.self, DecoderDeposit.self])

    struct Order: AsyncParsableCommand {
        @Option var customer: String
        @Option var offering: String
        @Option var engagementMonths: Int?
        @Option var quantity: Int?
        @Option(help: "Order date (YYYY-MM-DD).") var on: String
        @Flag var distanceSale = false
        @Option var chosenActivationDate: String?
        @Option(help: "Equipment only: rental (default) or purchase (004 §2.5).") var equipment: EquipmentMode?
        @Option(help: "A distance sale's subscription documents, received with the order (YYYY-MM-DD; 001 CG 2, 003 CG 4).") var documentsReceivedOn: String?
        @Option(help: "A shop sale: the identity document presented (001 CG 2, 003 CG 3.1).") var identity: PresentedDocuments.Identity?
        @Flag(help: "A shop sale: bank or postal details in the holder's name presented.") var bankDetails = false
        @Flag(help: "A shop sale: the documents' addresses differ.") var addressesDiffer = false
        @Flag(help: "A shop sale: a proof of address in the customer's name presented.") var proofOfAddress = false
        @Flag(help: "A shop sale to a legal person: its trade register extract presented.") var companyExtract = false
        @Flag(help: "A shop sale to a legal person: the signatory's mandate presented.") var mandate = false
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let order = ContractService.Order(customer: customer, offering: offering, engagementMonths: engagementMonths, quantity: quantity,
                                                  orderedOn: try LocalDate(iso: on), distanceSale: distanceSale,
                                                  chosenActivationDate: try chosenActivationDate.map { try LocalDate(iso: $0) }, equipment: equipment,
                                                  subscriptionDocumentsOn: try documentsReceivedOn.map { try LocalDate(iso: $0) },
                                                  presentedDocuments: identity.map {
                                                      PresentedDocuments(identity: $0, bankDetails: bankDetails, addressesDiffer: addressesDiffer, proofOfAddress: proofOfAddress,
                                                                         companyExtract: companyExtract, mandate: mandate)
                                                  })
                let c = try await openContracts(db, folder).order(order, at: try db.now())
                print(json ? try jsonString(c) : "\(c.id) \(c.offeringID) \(c.state.rawValue)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "A page of the contracts in order-date order, filtered as the API filters them.")
        @Option var customer: String?
        @Option(help: "pendingActivation, active, suspended, pendingTermination, terminated, cancelled or withdrawn.") var state: String?
        @Option(help: "livebox, mobile, wte or assistance.") var family: String?
        @Option var territory: String?
        @Option(help: "Text search of references (3 characters at least).") var q: String?
        @Option var offset = 0
        @Option(help: "At most 1000.") var limit = 100
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func validate() throws {
            guard offset >= 0, (1...1000).contains(limit) else { throw ValidationError("--offset is 0 or more and --limit 1 to 1000") }
        }

        func run() async throws {
            try await reportingFailure {
                var query = StateQuery(search: q, offset: offset, limit: limit)
                for (column, value) in [("customer_id", customer), ("state", state), ("family", family), ("territory", territory.map(TerritoryID.current))] {
                    if let value { query.equal[column] = value }
                }
                let page = try await openContracts(db, folder).contracts(query)
                if json { print(try jsonString(page.contracts)) } else {
                    for c in page.contracts {
                        print("\(c.id)  \(c.family.rawValue)  \(c.offeringID)  \(c.state.rawValue)  engagement end \(c.engagementEnd.map(\.description) ?? "-")")
                    }
                    print("\(page.contracts.count) of \(page.total) from \(offset + 1)")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        @Argument var id: String
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder

        func run() async throws {
            try await reportingFailure {
                guard let c = try await openContracts(db, folder).contract(id) else { throw ContractServiceError.notFound(id) }
                print(try jsonString(c))
            }
        }
    }

    struct Obligations: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The contract's obligations: what is due on which day, by which article, and what became of it.")
        @Argument var id: String
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let all = try await openContracts(db, folder).obligations(of: id)
                if json { print(try jsonString(all)); return }
                for o in all {
                    print("\(o.dueOn)  \(o.kind.rawValue)  \(o.state.rawValue)  \(o.explanation.source)\(o.outcome.map { " — \($0)" } ?? "")")
                }
            }
        }
    }

    struct Appointment: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a step of a Livebox's installation visit (001 CG 5.2): needed, booked, cancelled, absent, held, missed (by Orange).",
            discussion: "A cancellation within the 4 business hours before the visit, or an absence, puts the visit's price on the next invoice unless a legitimate reason is given; no date fixed within three months of the subscription ends the contract.")
        @Argument var id: String
        @Argument(help: "needed, booked, cancelled, absent, held, missed.") var step: TechnicianAppointment.Step
        @Option(help: "booked: the visit's instant, with its offset.") var slot: String?
        @Option(help: "When it happened, with its offset (default: the clock's instant).") var at: String?
        @Option(help: "cancelled, absent: the legitimate reason that waives the visit's price.") var legitimateReason: String?
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder

        func run() async throws {
            try await reportingFailure {
                let now = try db.now()
                let c = try await openContracts(db, folder).appointment(id, step, slot: try slot.map { try Instant(iso: $0) }, legitimateReason: legitimateReason,
                                                                         occurred: try at.map { try Instant(iso: $0) } ?? now, at: now)
                print("\(c.id) visit \(c.appointment?.last.rawValue ?? step.rawValue)\(c.appointment?.slot.map { " for \($0)" } ?? "")")
            }
        }
    }

    struct VisitClaim: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "visit-claim",
            abstract: "The customer's claim for the visit Orange missed during a porting or change of provider (001 CG 5.2): a fifth of the monthly price per day, credited on the next invoice.")
        @Argument var id: String
        @Option(help: "The new visit, the customer's cancellation, or the notice that the connection cannot be made (YYYY-MM-DD).") var until: String
        @Option(help: "The exclusion found (external cause, the customer's act, visit moved 4 hours before or cancelled): nothing is credited.") var refused: String?
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder

        func run() async throws {
            try await reportingFailure {
                let now = try db.now()
                let line = try await openContracts(db, folder).claimMissedVisit(id, until: try LocalDate(iso: until), claimedOn: now.utcDate, refused: refused, at: now)
                print("\(id) credited \(line.amount)  (\(line.explanation.source): \(line.explanation.result))")
            }
        }
    }

    struct QualityClaim: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "quality-claim",
            abstract: "The customer's claim for a month under 97 % availability or 512 kbit/s, an interruption restored after 12 jours ouvrables (001 CG 9.1, 9.2, 13), or a Mayotte line's unavailability (003 CG 12.1): credited on the next invoice.")
        @Argument var id: String
        @Option(help: "availability, downlink, restoration or unavailability.") var kind: ServiceQualityClaim.Kind
        @Option(help: "availability, downlink: the month (YYYY-MM).") var month: String?
        @Option(help: "availability, downlink: a reported period; unavailability: the one period, FROM/UNTIL in ISO 8601 (repeatable).") var period: [String] = []
        @Option(help: "restoration: when the customer reported the interruption (ISO 8601).") var reportedAt: String?
        @Option(help: "restoration: when the service was restored (ISO 8601).") var restoredAt: String?
        @Option(help: "restoration: an interruption's start known before the report (ISO 8601).") var since: String?
        @Option(help: "unavailability: how the customer shows they were in the incident's zone (003 CG 12.1).") var presence: String?
        @Option(help: "The cause found not imputable to Orange (external cause, the customer's act, force majeure): nothing is credited.") var refused: String?
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder

        func run() async throws {
            try await reportingFailure {
                let spans = try period.map { text -> ServiceQualityClaim.Span in
                    let ends = text.split(separator: "/")
                    guard ends.count == 2 else { throw ValidationError("--period '\(text)': FROM/UNTIL") }
                    return .init(from: try Instant(iso: String(ends[0])), until: try Instant(iso: String(ends[1])))
                }
                let claim = try ServiceQualityClaim(kind, month: try month.map { try BillingPeriod($0) }, periods: spans,
                                                    reportedAt: try reportedAt.map { try Instant(iso: $0) }, restoredAt: try restoredAt.map { try Instant(iso: $0) },
                                                    since: try since.map { try Instant(iso: $0) }, presence: presence)
                let line = try await openContracts(db, folder).claimQualityCompensation(id, claim, refused: refused, at: try db.now())
                print("\(id) credited \(line.amount)  (\(line.explanation.source): \(line.explanation.result))")
            }
        }
    }

    struct Moving: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What a Livebox customer moving house may do (001 CG 12, 18.1).")
        @Argument var id: String
        @Option(help: "fibreEligible, xdslOnly, unavailable or abroad.") var home: Contract.NewHome
        @Option(help: "The move's day (YYYY-MM-DD).") var on: String
        @Option(help: "The day the customer asks (default: the move's day).") var requestedOn: String?
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder

        func run() async throws {
            try await reportingFailure {
                let day = try LocalDate(iso: on)
                let o = try await openContracts(db, folder).moving(id, on: day, requestedOn: try requestedOn.map { try LocalDate(iso: $0) } ?? day, to: home)
                print("\(o.options.joined(separator: "; "))  (\(o.explanation.source): \(o.explanation.result))")
            }
        }
    }

    struct OfferChange: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "offer-change",
                                                        abstract: "The day a Mayotte mobile customer's change of offer applies (003 CG 6, CS-FB 6).")
        @Argument var id: String
        @Option(help: "The day the customer asks (YYYY-MM-DD).") var requestedOn: String
        @Option(help: "immediately, nextBillingDay (the 1st of the next month) or a date.") var timing = "immediately"
        @Option(help: "The new offer's engagement, 0 for none.") var toEngagementMonths = 0
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder

        func run() async throws {
            try await reportingFailure {
                let when: Contract.OfferChangeTiming = timing == "immediately" ? .immediately : timing == "nextBillingDay" ? .nextBillingDay
                    : .on(try LocalDate(iso: timing))
                let d = try await openContracts(db, folder).offerChange(id, requestedOn: try LocalDate(iso: requestedOn), timing: when,
                                                                        toEngagementMonths: toEngagementMonths)
                print("\(d.date)  (\(d.explanation.source))")
            }
        }
    }

    struct ChangeOffer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a running Livebox (001 CG 12) or Mayotte mobile (003 CG 6) contract to another offer, its engagement kept: made at once when its day has come, else on its day by run-due.")
        @Argument var id: String
        @Option(help: "The new offering.") var offering: String
        @Option(help: "The day the customer asks (YYYY-MM-DD).") var requestedOn: String
        @Option(help: "immediately (default), nextBillingDay (003) or on (with --on).") var timing: ContractService.OfferChangeRequest.Timing?
        @Option(help: "The day the change applies, with --timing on (YYYY-MM-DD).") var on: String?
        @Option(help: "001 CG 12: the day of the move behind the change (YYYY-MM-DD).") var movedOn: String?
        @Option(help: "001 CG 12: fibreEligible or xdslOnly.") var home: Contract.NewHome?
        @Flag(help: "001 CG 12: the customer expressly consents to the fibre offer.") var consent = false
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder

        func run() async throws {
            try await reportingFailure {
                let moving = try movedOn.map { ContractService.OfferChangeRequest.Moving(movedOn: try LocalDate(iso: $0), home: home ?? .fibreEligible) }
                let r = ContractService.OfferChangeRequest(offering: offering, requestedOn: try LocalDate(iso: requestedOn), timing: timing,
                                                           on: try on.map { try LocalDate(iso: $0) }, moving: moving, consent: consent ? true : nil)
                let c = try await openContracts(db, folder).changeOffer(id, r, at: try db.now())
                if let pending = c.pendingOfferChange {
                    print("\(c.id) change to \(pending.to) asked for \(pending.on)  (\(pending.explanation.source))")
                } else if let made = c.offerChanges?.last {
                    print("\(c.id) \(made.to) from \(made.on)  (\(made.explanation.source))")
                }
            }
        }
    }

    struct Misuse: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a formal notice for misuse presented on a day (001 CG 17, 004 §7.2), which schedules the suspension; a formal notice to a suspended customer (001 CG 18.2), which schedules the termination; or the customer's compliance, which cancels what is pending.")
        @Argument var id: String
        @Argument(help: "notice, terminationNotice or cured.") var step: ContractRepository.MisuseStep.Step
        @Option(help: "The day the notice was presented, or the customer complied (YYYY-MM-DD).") var on: String
        @Option(help: "004 §7.2: the day the held-mail notice was deposited, if before the receipt.") var heldMailNoticeDepositedOn: String?
        @Option(help: "What the notice is about.") var reason: String?
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder

        func run() async throws {
            try await reportingFailure {
                let c = try await openContracts(db, folder).misuse(id, step, on: try LocalDate(iso: on), heldMailNoticeDepositedOn: try heldMailNoticeDepositedOn.map { try LocalDate(iso: $0) },
                                                                   reason: reason, at: try db.now())
                print("\(c.id) misuse \(step.rawValue) on \(on)\(c.nextActionOn.map { ", next action on \($0)" } ?? "")")
            }
        }
    }

    struct Deposit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a step of a contract's security deposit (001 CG 3, 003 CG 9): requested, paid, proofReceived, refundRequested.",
            discussion: "Asked within 48 hours of the order and not paid that day, the contract ends that day; a deposit paid comes back once the proof arrives, when asked back after 12 months without a payment incident, or 10 days after the contract ends, what is still owed kept in deduction (D-RUN-20).")
        @Argument var id: String
        @Argument(help: "requested, paid, proofReceived, refundRequested.") var step: SecurityDeposit.Step
        @Option(help: "The day it happened (YYYY-MM-DD).") var on: String
        @Option(help: "requested: the document's case (\(SecurityDeposit.Case.allCases.map(\.rawValue).joined(separator: ", "))).") var reason: SecurityDeposit.Case?
        @Option(help: "requested: the amount (the fiche tarifaire's).") var amount: String?
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder

        func run() async throws {
            try await reportingFailure {
                let c = try await openServices(db, folder).billing.recordDeposit(contractID: id, step, on: try LocalDate(iso: on), reason: reason,
                                                                                 amount: try amount.map { try Money($0) }, at: try db.now())
                print("\(c.id) deposit \(step.rawValue) on \(on)\(c.deposit.map { " (\($0.amount))" } ?? "")")
            }
        }
    }

    struct EquipmentReturned: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a terminated or withdrawn Livebox's equipment as received back (001 CG 6.3): the claim and fees pending are settled, the customer is sent the confirmation.")
        @Argument var id: String
        @Option(help: "The day it was received (YYYY-MM-DD).") var on: String
        @Option(help: "A box returned damaged or incomplete, with its repair cost (repeatable): --faulty-box 45.00.") var faultyBox: [String] = []
        @Flag(help: "The decoder came back damaged or incomplete (200 €, 001 CG 6.3).") var faultyDecoder = false
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder

        func run() async throws {
            try await reportingFailure {
                let faulty = try faultyBox.map { FaultyItem(item: .box, repairCost: try Money($0)) } + (faultyDecoder ? [FaultyItem(item: .decoder)] : [])
                let c = try await openContracts(db, folder).equipmentReturned(id, on: try LocalDate(iso: on), faulty: faulty, at: try db.now())
                print("\(c.id) equipment returned on \(c.equipmentReturnedOn.map(\.description) ?? on)")
            }
        }
    }

    struct Documents: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a distance sale's subscription documents as received (001 CG 2, 003 CG 4): the reminder or termination pending is cancelled.")
        @Argument var id: String
        @Option(help: "The day the copies were received (YYYY-MM-DD).") var receivedOn: String
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder

        func run() async throws {
            try await reportingFailure {
                let c = try await openContracts(db, folder).subscriptionDocumentsReceived(id, on: try LocalDate(iso: receivedOn), at: try db.now())
                print("\(c.id) subscription documents received on \(c.subscriptionDocumentsOn.map(\.description) ?? receivedOn)")
            }
        }
    }

    struct DecoderDeposit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decoder-deposit",
            abstract: "Record the deposit paid for a Livebox's decoder (001 CG 6.3): paid back within 10 days of its return whole, else kept against its charge.")
        @Argument var id: String
        @Option(help: "The day it was paid (YYYY-MM-DD).") var paidOn: String
        @Option(help: "The amount paid (the fiche tarifaire's), e.g. 75.00.") var amount: String
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder

        func run() async throws {
            try await reportingFailure {
                let c = try await openContracts(db, folder).decoderDepositPaid(id, amount: try Money(amount), on: try LocalDate(iso: paidOn), at: try db.now())
                print("\(c.id) decoder deposit \(c.decoderDeposit?.amount.description ?? amount) paid on \(paidOn)")
            }
        }
    }

    struct Transition: AsyncParsableCommand {
        @Argument var id: String
        @Argument(help: "activate, cancel, withdraw, suspend, resume, requestTermination, cancelTerminationRequest, terminate.") var action: ContractAction
        @Option(help: "The day it happens (YYYY-MM-DD).") var on: String
        @Option var note: String?
        @Option(help: "On activation: why no late-activation compensation is owed (001 CG 7.2: external cause, the customer's act; 003 CG 5).")
        var compensationExcluded: String?
        @Option(help: "On a termination request: a later effective date the customer asks for.") var effective: String?
        @Option(help: "On a termination request: a legitimate reason (\(LegitimateReason.allCases.map(\.rawValue).joined(separator: ", "))).")
        var reason: LegitimateReason?
        @Option(help: "On a termination request: when the reason's supporting documents arrived.") var documentsReceivedOn: String?
        @Flag(help: "On a termination request: the number is ported out, --on is the porting day.") var portOut = false
        @Option(help: "On a termination request for a move where the service is unavailable: the day of the move.") var movedOn: String?
        @Option(help: "On a termination request for the reason 'other': why staff grant it (003 CG 16.2.2).") var justification: String?
        @Option(help: "On a suspension: publicOrder, its fees not due (003 CG 15).") var ground: SuspensionGround?
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder

        func run() async throws {
            try await reportingFailure {
                let day = try LocalDate(iso: on)
                let terms = effective != nil || reason != nil || documentsReceivedOn != nil || portOut || movedOn != nil || justification != nil
                let request = terms ? TerminationRequest(receivedOn: day, requestedEffectiveOn: try effective.map { try LocalDate(iso: $0) }, reason: reason,
                                                         documentsReceivedOn: try documentsReceivedOn.map { try LocalDate(iso: $0) }, portOut: portOut,
                                                         movedOn: try movedOn.map { try LocalDate(iso: $0) }, justification: justification) : nil
                let c = try await openContracts(db, folder).apply(action, to: id, on: day, note: note, compensationExcluded: compensationExcluded,
                                                                  termination: request, ground: ground, at: try db.now())
                print("\(c.id) \(c.state.rawValue)")
            }
        }
    }

    struct QuoteTermination: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "What terminating would cost, each amount with its rule and article.")
        @Argument var id: String
        @Option(help: "The day the request is received (YYYY-MM-DD).") var on: String
        @Option(help: "A later effective date the customer asks for.") var effective: String?
        @Option(help: "A legitimate reason: \(LegitimateReason.allCases.map(\.rawValue).joined(separator: ", ")).") var reason: LegitimateReason?
        @Option(help: "When the supporting documents arrived.") var documentsReceivedOn: String?
        @Flag(help: "The number is ported out: --on is the porting day.") var portOut = false
        @Option(help: "For a move where the service is unavailable: the day of the move.") var movedOn: String?
        @Option(help: "For the reason 'other': why staff grant it (003 CG 16.2.2).") var justification: String?
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let r = TerminationRequest(receivedOn: try LocalDate(iso: on), requestedEffectiveOn: try effective.map { try LocalDate(iso: $0) },
                                           reason: reason, documentsReceivedOn: try documentsReceivedOn.map { try LocalDate(iso: $0) }, portOut: portOut,
                                           movedOn: try movedOn.map { try LocalDate(iso: $0) }, justification: justification)
                let q = try await openContracts(db, folder).terminationQuote(id, request: r)
                if json { print(try jsonString(QuoteJSON(quote: q, total: q.total))) } else {
                    print("effective \(q.effectiveOn) (\(q.effectiveDateExplanation.source))")
                    for l in q.lines { print("  \(l.label): \(l.amount) €   [\(l.explanation.result); \(l.explanation.source)]") }
                    print("total \(q.total) €")
                }
            }
        }
    }

    struct Deadlines: AsyncParsableCommand {
        @Argument var id: String
        @Option(help: "The day the question is asked (YYYY-MM-DD).") var on: String
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let d = try await openContracts(db, folder).deadlines(id, on: try LocalDate(iso: on))
                if json { print(try jsonString(d)) } else {
                    if let w = d.withdrawal { print("withdrawal until \(w.lastDay.map(\.description) ?? w.endsAtLocal) (\(w.explanation.source))") }
                    if let e = d.engagementEnd { print("engagement end \(e.date) (\(e.explanation.source))") }
                    if let r = d.nextRenewal { print("next renewal \(r.date) (\(r.explanation.source))") }
                    if let n = d.noticeLimit { print("notice limit \(n.date) (\(n.explanation.source))") }
                }
            }
        }
    }
}

struct QuoteJSON: Encodable { let quote: TerminationQuote; let total: Money }

func openContracts(_ db: DatabaseOption, _ folder: CatalogCommand.Folder) async throws -> ContractService { try await openServices(db, folder).contracts }
