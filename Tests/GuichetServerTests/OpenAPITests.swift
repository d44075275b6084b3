import Foundation
import GuichetApp
import GuichetServer
import HummingbirdTesting
import Testing

/// The served document is the one in the repository, and it describes the routes that exist.
@Suite struct OpenAPITests {
    @Test func theDocumentIsServedAndEveryPathAnswers() async throws {
        try await TestApp.run { client, _ in
            let doc = try await client.execute(uri: "/openapi.json", method: .get) { response in
                #expect(response.status == .ok)
                return try #require(try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any])
            }
            #expect(doc["openapi"] as? String == "3.1.0")
            let paths = try #require(doc["paths"] as? [String: [String: Any]])
            #expect(paths.count >= 9)
            for (path, operations) in paths {
                for (method, operation) in operations where method == "get" {
                    let uri = Self.example(path: path, operation: operation as? [String: Any] ?? [:])
                    try await client.execute(uri: uri, method: .get) { response in
                        // A 404 from the router (no route) differs from a 404 for an unknown resource.
                        #expect(!response.text.contains("no resource at"), "\(uri) is documented but not served")
                        #expect(response.status.code < 500 || path == "/ready", "\(uri): \(response.status)")
                    }
                }
            }
        }
    }

    /// A request URI built from the operation's parameter examples.
    static func example(path: String, operation: [String: Any]) -> String {
        var uri = path
        var query: [String] = []
        for p in operation["parameters"] as? [[String: Any]] ?? [] {
            guard let name = p["name"] as? String, let example = p["example"] else { continue }
            if p["in"] as? String == "path" { uri = uri.replacingOccurrences(of: "{\(name)}", with: "\(example)") }
            else { query.append("\(name)=\(example)") }
        }
        return query.isEmpty ? uri : uri + "?" + query.joined(separator: "&")
    }
}
