import GuichetApp
import GuichetCore
import Hummingbird

/// `/api/v1/territories`, their holidays, `/api/v1/tax-zones` and the deadline calculator:
/// the reference tables every other capability computes with.
struct ReferenceRoutes {
    let reference: Reference

    struct TerritoryView: ResponseEncodable {
        let id: String, name: String, timeZone: String, taxZone: String
    }

    struct HolidayList: ResponseEncodable {
        let territory: String, year: Int, holidays: [Holiday]
    }

    struct TaxZoneList: ResponseEncodable { let taxZones: [TaxZone] }
    struct TerritoryList: ResponseEncodable { let territories: [TerritoryView] }
    struct DeadlineView: ResponseEncodable { let deadline: Deadline }
    struct AssistanceDeadlines: ResponseEncodable { let callback: Deadline; let macAnswer: Deadline }

    func register(on group: RouterGroup<AppRequestContext>) {
        group.get("/territories") { _, _ in
            TerritoryList(territories: reference.territories.values.sorted { $0.id < $1.id }.map {
                TerritoryView(id: $0.id, name: $0.name, timeZone: $0.zone.identifier, taxZone: $0.taxZoneID)
            })
        }
        group.get("/territories/:id/holidays") { request, context in
            let territory = try self.territory(context.parameters.get("id") ?? "")
            let yearText = request.uri.queryParameters.get("year") ?? ""
            guard let year = Int(yearText), (1970...2199).contains(year) else {
                throw TMFError.badParameter("year", "'\(yearText)' is not a year between 1970 and 2199")
            }
            return HolidayList(territory: territory.id, year: year, holidays: territory.holidays.holidays(in: year))
        }
        group.get("/tax-zones") { _, _ in TaxZoneList(taxZones: reference.taxZones.values.sorted { $0.id < $1.id }) }
        group.get("/deadlines/remote-assistance") { request, _ in try assistanceDeadlines(request) }
        // e.g. ?territory=GP&from=2026-05-22&days=2&kind=ouvres
        group.get("/deadlines") { request, _ in
            let q = request.uri.queryParameters
            let territory = try self.territory(q.get("territory") ?? "")
            let fromText = q.get("from") ?? ""
            let from = try TMFError.date("from", fromText)
            guard let days = q.get("days").flatMap(Int.init), (0...3660).contains(days) else {
                throw TMFError.badParameter("days", "'\(q.get("days") ?? "")' is not a whole number of days from 0 to 3660")
            }
            let kindText = q.get("kind") ?? "calendar"
            let calendar = WorkCalendar(territory: territory)
            if kindText == "francs" {
                return DeadlineView(deadline: calendar.joursFrancs(days, after: from, rule: "\(days) jours francs", source: "query"))
            }
            guard let kind = DayKind(rawValue: kindText) else {
                throw TMFError.badParameter("kind", "'\(kindText)' is not one of calendar, ouvres, ouvrables, francs")
            }
            let extended = q.get("extended") == "true"
            return DeadlineView(deadline: calendar.deadline(days, kind, after: from, extended: extended,
                                                            rule: "\(days) \(kind.rawValue) days", source: "query"))
        }
    }

    /// 000 art. 3.2 and 4.1 for a request accepted (the callback) or made (a Mac's answer) at `from`, on the service's calendar:
    /// the commitments the scheduler watches, asked for any instant (issue 23).
    func assistanceDeadlines(_ request: Request) throws -> AssistanceDeadlines {
        let text = request.uri.queryParameters.get("from") ?? ""
        guard let from = try? Instant(iso: text) else {
            throw TMFError.badParameter("from", "'\(text)' is not an instant with its offset (2026-11-21T11:00:00+01:00)")
        }
        let rules = reference.support.remoteAssistance
        let calendar = WorkCalendar(territory: try territory(rules.territory))
        return AssistanceDeadlines(callback: calendar.callbackDeadline(hours: rules.callbackHours, from: from),
                                   macAnswer: rules.feasibilityDeadline(from: from, calendar: calendar))
    }

    private func territory(_ id: String) throws -> Territory {
        guard let t = reference.territories[TerritoryID.current(id)] else {
            throw TMFError.badParameter("territory", "'\(id)' is not one of \(reference.territories.keys.sorted().joined(separator: ", "))")
        }
        return t
    }
}
