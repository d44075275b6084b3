import Foundation
import GuichetApp
import GuichetCore
import Hummingbird

/// `/api/v1/numbers/{number}` (classification) and `/api/v1/customers/{id}/dialplan`.
struct NumberingRoutes {
    let service: ContractService
    let plan: NumberingPlan

    struct DialPlanView: ResponseEncodable {
        let customer: String
        let entries: [DialPlan.Entry]
        let problems: [DialPlan.Problem]
    }
    struct Classified: ResponseEncodable { let number: NumberClassification }

    func register(on router: Router<AppRequestContext>) {
        router.get("/api/v1/numbers/:number") { _, context in
            let text = try context.parameters.require("number").removingPercentEncoding ?? ""
            do { return Classified(number: try plan.classify(text)) } catch let error as NumberingError {
                throw TMFError.badParameter("number", error.description)
            }
        }
        router.get("/api/v1/customers/:id/dialplan") { _, context in
            let id = try context.parameters.require("id")
            guard let c = try await service.customer(id) else { throw TMFError.notFound("customer '\(id)'") }
            let (entries, problems) = c.details.dialPlan(.proposed)
            return DialPlanView(customer: id, entries: entries, problems: problems)
        }
    }
}
