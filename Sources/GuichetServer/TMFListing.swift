import Foundation
import GuichetApp
import GuichetCore
import GuichetStore
import HTTPTypes
import Hummingbird

/// TMF630 list conventions: `offset`, `limit`, `fields`; headers `X-Total-Count` (all that
/// match) and `X-Result-Count` (returned).
struct TMFListing {
    let offset: Int
    let limit: Int?
    let fields: Set<String>?

    init(_ request: Request) throws {
        let q = request.uri.queryParameters
        func count(_ name: String) throws -> Int? {
            guard let text = q.get(name) else { return nil }
            guard let n = Int(text), n >= 0 else { throw TMFError.badParameter(name, "'\(text)' is not a whole number ≥ 0") }
            return n
        }
        offset = try count("offset") ?? 0
        limit = try count("limit")
        fields = q.get("fields").map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
    }

    func response(_ items: [some Encodable]) throws -> Response {
        try response(page: Array(items.dropFirst(offset).prefix(limit ?? Int.max)), total: items.count)
    }

    /// A page read in SQL, with the count of all that match from the same filter.
    func response(page: [some Encodable], total: Int) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        headers[HTTPField.Name("X-Total-Count")!] = String(total)
        headers[HTTPField.Name("X-Result-Count")!] = String(page.count)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try encode(page))))
    }

    /// The most a page read from a state table holds, and what it holds when `limit` is not given (D-SCALE-1).
    static let pageLimit = 1000
    static let defaultLimit = 100

    /// The rows a page read in SQL holds.
    var pageSize: Int { min(limit ?? Self.defaultLimit, Self.pageLimit) }

    /// The page as SQL reads it: the query parameters named in `filters` (parameter → column) and `q`, a text search.
    func query(_ request: Request, filters: [String: String]) -> StateQuery {
        let q = request.uri.queryParameters
        var equal: [String: String] = [:]
        for (parameter, column) in filters { if let v = q.get(parameter), !v.isEmpty { equal[column] = column == "territory" ? TerritoryID.current(v) : v } }
        return StateQuery(equal: equal, search: q.get("q"), offset: offset, limit: pageSize)
    }

    /// Encodes, keeping only `id`, `href`, `@type` and the requested fields when `fields` is given.
    func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(value)
        guard let fields else { return data }
        let keep = fields.union(["id", "href", "@type"])
        func filter(_ object: Any) -> Any {
            guard let dict = object as? [String: Any] else { return object }
            return dict.filter { keep.contains($0.key) }
        }
        let json = try JSONSerialization.jsonObject(with: data)
        let filtered: Any = (json as? [Any]).map { $0.map(filter) } ?? filter(json)
        return try JSONSerialization.data(withJSONObject: filtered, options: [.sortedKeys, .withoutEscapingSlashes])
    }

    static func one(_ value: some Encodable, request: Request) throws -> Response {
        let listing = try TMFListing(request)
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: try listing.encode(value))))
    }
}
