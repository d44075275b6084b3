import Foundation
import GuichetCore
import GuichetStore

/// Data-subject requests (GDPR art. 12–17): one stream `privacy-requests:<customer>` per customer — each request as
/// received, then as answered — folded into one `privacy_requests` row per customer: its requests, whether one is
/// open, and the earliest answer date still due, which the back office's list is ordered by.
package struct PrivacyRequestRepository: StateRepository {
    package typealias State = [PersonalDataRequest]
    package static let table = StateTable.privacyRequests
    package let store: any EventStore

    package static let prefix = "privacy-requests:"
    package static func stream(_ customerID: String) -> String { prefix + customerID }
    package static let receivedType = "privacy-request-received"
    package static let answeredType = "privacy-request-answered"

    package init(store: any EventStore) { self.store = store }

    /// A customer's row: open while a request waits for its answer, due on the earliest answer date still due.
    package static func row(customerID: String, _ requests: [PersonalDataRequest]) throws -> StateRow {
        let open = requests.filter { $0.answeredOn == nil }
        var values = ["status": open.isEmpty ? "answered" : "open"]
        values["due_on"] = open.map(\.dueOn).min()?.description
        return StateRow(table: .privacyRequests, key: customerID, values: values, search: [customerID] + requests.map(\.id), body: try StoredJSON.text(requests))
    }

    /// A customer's requests after `changed` (new, or answered): the one with its id replaced, or added.
    package static func merged(_ requests: [PersonalDataRequest], _ changed: PersonalDataRequest) -> [PersonalDataRequest] {
        var all = requests
        if let i = all.firstIndex(where: { $0.id == changed.id }) { all[i] = changed } else { all.append(changed) }
        return all
    }

    package func folded(_ stream: String, _ events: [StoredEvent]) throws -> StateRow? {
        guard !events.isEmpty else { return nil }
        let requests = try events.reduce(into: [PersonalDataRequest]()) { all, e in
            all = Self.merged(all, try JSONDecoder().decode(PersonalDataRequest.self, from: Data(e.payload.utf8)))
        }
        return try Self.row(customerID: String(stream.dropFirst(Self.prefix.count)), requests)
    }
}
