import ArgumentParser
import Foundation
import GuichetApp
import GuichetCore
import GuichetData
import GuichetServer
import GuichetStore

struct BillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "bill", abstract: "Bill runs, invoices and their documents, payments.",
                                                    subcommands: [Run.self, List.self, Show.self, Pay.self, Dunning.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Bill every customer for a month. Run again after a crash: only the missing invoices are issued, with the next numbers.")
        @Option(help: "The month to bill, YYYY-MM.") var period: String
        @Option(help: "The invoice date (default: the day after the period).") var issueDate: String?
        @Flag(help: "Compute the invoices without issuing them.") var dryRun = false
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let period = try BillingPeriod(self.period)
                let day = try issueDate.map { try LocalDate(iso: $0) }
                let bar = ProgressBar(enabled: isatty(STDERR_FILENO) == 1)
                let report = try await openBilling(db, folder).run(period: period, issueDate: day, dryRun: dryRun, at: try db.now()) { done, total in
                    bar.show(done: Int64(done), of: Int64(total), "\(done)/\(total) accounts")
                }
                bar.finish()
                if json { print(try jsonString(report)); return }
                let r = report.run
                if dryRun {
                    for d in report.drafts { print("\(d.buyer.customerNumber) \(d.buyer.name): \(d.totals.includingTax) € TTC (\(d.lines.count) lines)") }
                    print("dry run \(r.period): \(report.drafts.count) invoices would be issued, \(r.empty) accounts owe nothing")
                } else {
                    print("\(r.id) \(r.period): \(r.accounts) accounts, \(r.issued) invoices issued, \(r.existing) already issued, \(r.empty) owe nothing"
                          + (report.numbers.isEmpty ? "" : " (\(report.numbers.first!)…\(report.numbers.last!))"))
                }
                // D-SEC-8: an account that could not be billed is named, the others were.
                for f in r.failures { print("not billed: \(f.customerNumber) (\(f.customerID)): \(f.reason)") }
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The invoices of a month (number, customer, TTC).")
        @Option(help: "YYYY-MM.") var period: String
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let invoices = try await openBilling(db, folder).invoices(period: try BillingPeriod(period))
                struct Row: Encodable { let id: String; let number: String; let customer: String; let includingTax: Money }
                let rows = invoices.map { Row(id: $0.id, number: $0.number, customer: $0.customerID, includingTax: $0.includingTax) }
                if json { print(try jsonString(rows)); return }
                for r in rows { print("\(r.number) \(r.id) \(r.customer) \(r.includingTax) €") }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "An invoice: JSON (default), its HTML page or its Factur-X XML.")
        enum Format: String, ExpressibleByArgument { case json, html, facturx }
        @Argument var invoice: String
        @Option var format: Format = .json
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder

        func run() async throws {
            try await reportingFailure {
                let billing = try await openBilling(db, folder)
                guard let view = try await billing.invoice(invoice) else { throw BillingError.invalid(field: "invoice", reason: "no invoice '\(invoice)'") }
                switch format {
                case .json: print(try jsonString(view))
                case .html: print(billing.html(view))
                case .facturx: print(try await billing.facturX(view))
                }
            }
        }
    }

    struct Pay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Record a payment (recorded, not processed); the oldest open invoices are settled first.")
        @Argument var customer: String
        @Option(help: "The bank's or payment provider's id: recording it twice records it once.") var id: String
        @Option var amount: String
        @Option var method: StoredPayment.Method = .transfer
        @Option(help: "YYYY-MM-DD (default: today).") var on: String?
        @Option(help: "The invoice the payer named.") var invoice: String?
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let day = try on.map { try LocalDate(iso: $0) } ?? db.now().utcDate
                let request = BillingService.PaymentRequest(id: id, method: method, amount: try Money(amount), receivedOn: day, invoiceID: invoice)
                let (payment, created) = try await openBilling(db, folder).recordPayment(customerID: customer, request, at: try db.now())
                print(json ? try jsonString(payment)
                      : "\(payment.id) \(created ? "recorded" : "already recorded"): " + payment.allocations.map { "\($0.amount) → \($0.invoiceID)" }.joined(separator: ", "))
            }
        }
    }

    struct Dunning: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take the dunning steps due on a day for every overdue invoice: reminder, formal notice, suspension, termination, surcharge; each once.")
        @Option(help: "YYYY-MM-DD (default: today).") var on: String?
        @OptionGroup var db: DatabaseOption
        @OptionGroup var folder: CatalogCommand.Folder
        @Flag var json = false

        func run() async throws {
            try await reportingFailure {
                let day = try on.map { try LocalDate(iso: $0) } ?? db.now().utcDate
                let steps = try await openBilling(db, folder).runDunning(on: day, at: try db.now())
                if json { print(try jsonString(steps)); return }
                for s in steps { print("\(s.on) \(s.invoiceID) \(s.step): \(s.detail) [\(s.source)]") }
                print("\(steps.count) steps taken")
            }
        }
    }
}

extension StoredPayment.Method: ExpressibleByArgument {}

func openBilling(_ db: DatabaseOption, _ folder: CatalogCommand.Folder) async throws -> BillingService { try await openServices(db, folder).billing }
