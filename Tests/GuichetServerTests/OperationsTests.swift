import Foundation
import GuichetApp
import GuichetServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct OperationsTests {
    struct Status: Decodable { let status: String; let version: String; let database: String?; let schemaVersion: Int? }

    @Test func healthAnswers() async throws {
        try await TestApp.run { client, _ in
            try await client.execute(uri: "/health", method: .get) { response in
                #expect(response.status == .ok)
                let status = try response.json(Status.self)
                #expect(status.status == "ok")
                #expect(status.version == GuichetVersion.current)
            }
        }
    }

    @Test func readyChecksTheDatabase() async throws {
        try await TestApp.run { client, store in
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .ok)
                let status = try response.json(Status.self)
                #expect(status.database == "sqlite" && status.schemaVersion == 28)
            }
            try await store.close()
            try await client.execute(uri: "/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let error = try response.json(TMFErrorBody.self)
                #expect(error.code == "notReady")
            }
        }
    }

    @Test func metricsCountRequestsPerRoute() async throws {
        try await TestApp.run { client, _ in
            try await client.execute(uri: "/health", method: .get) { _ in }
            try await client.execute(uri: "/api/v1/no/such/resource", method: .get) { _ in }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = response.text
                #expect(text.contains(#"guichet_http_requests_total{method="GET",route="/health",status="200"} 1"#))
                #expect(text.contains(#"route="NotFound",status="404"} 1"#))
                #expect(text.contains("guichet_http_request_duration_seconds_bucket"))
            }
        }
    }

    @Test func unknownPathsAnswerInTheTMFShape() async throws {
        try await TestApp.run { client, _ in
            try await client.execute(uri: "/tmf-api/nothing/v5/here", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
                let error = try response.json(TMFErrorBody.self)
                #expect(error == TMFErrorBody(code: "notFound", reason: "no resource at /tmf-api/nothing/v5/here", status: "404", type: "Error"))
            }
        }
    }

    @Test func theHomePageSaysDemo() async throws {
        try await TestApp.run(demo: true) { client, _ in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Instance de démonstration") && response.text.contains("href=\"/connexion\""))
            }
        }
    }

    /// The demo bills last month (October 2026 for the test clock): one invoice per sample customer.
    @Test func theDemoHasLastMonthsInvoices() async throws {
        try await TestApp.run(demo: true) { _, store in
            let october = try await store.invoices(customerID: nil, period: "2026-10")
            #expect(october.map(\.number) == ["FA2026-000001", "FA2026-000002", "FA2026-000003"])
        }
    }
}
