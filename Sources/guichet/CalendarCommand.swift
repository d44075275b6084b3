import ArgumentParser
import GuichetApp
import GuichetCore
import GuichetData

struct CalendarCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar", abstract: "Territories' holidays and contract deadlines.",
        subcommands: [Holidays.self, DeadlineCommand.self])

    struct Holidays: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a territory's public holidays for a year.")
        @Option(help: "FR, GP, MQ, GF, RE, YT, MF or BL (GY, the former id of GF, is accepted).") var territory: String
        @Option(help: "The year.") var year: Int
        @Flag(help: "Print the result as JSON.") var json = false

        func run() async throws {
            try await reportingFailure {
                let t = try loadTerritory(territory)
                let list = t.holidays.holidays(in: year)
                if json { print(try jsonString(list)) } else {
                    for h in list { print("\(h.date)  \(h.date.weekday)  \(h.name)") }
                }
            }
        }
    }

    struct DeadlineCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "deadline", abstract: "Compute a deadline counted in days.")
        @Option(help: "FR, GP, MQ, GF, RE, YT, MF or BL (GY, the former id of GF, is accepted).") var territory: String
        @Option(help: "The day of the event (YYYY-MM-DD); it is not counted.") var from: String
        @Option(help: "How many days.") var days: Int
        @Option(help: "calendar, ouvres, ouvrables or francs.") var kind = "calendar"
        @Flag(help: "Extend a last day on a Saturday, Sunday or holiday to the next working day.") var extended = false
        @Flag(help: "Print the result as JSON.") var json = false

        func run() async throws {
            try await reportingFailure {
                let calendar = WorkCalendar(territory: try loadTerritory(territory))
                let start = try LocalDate(iso: from)
                let deadline: Deadline
                if kind == "francs" {
                    deadline = calendar.joursFrancs(days, after: start, rule: "\(days) jours francs", source: "command line")
                } else if let k = DayKind(rawValue: kind) {
                    deadline = calendar.deadline(days, k, after: start, extended: extended, rule: "\(days) \(k.rawValue) days", source: "command line")
                } else {
                    throw ValidationError("--kind: '\(kind)' is not one of calendar, ouvres, ouvrables, francs")
                }
                if json { print(try jsonString(deadline)) } else {
                    print("last day \(deadline.lastDay.map(\.description) ?? "-"), ends \(deadline.endsAtLocal) local (\(deadline.endsAt))")
                    for step in deadline.explanation.steps { print("  - \(step.rule): \(step.result)") }
                }
            }
        }
    }
}

func loadTerritory(_ id: String) throws -> Territory {
    let all = try ReferenceData.territories()
    guard let t = all[TerritoryID.current(id)] else { throw CalendarError.unknownTerritory("\(id) (known: \(all.keys.sorted().joined(separator: ", ")))") }
    return t
}
