import Foundation
import GuichetApp
import Hummingbird

/// Request bodies decoded as JSON, a refusal naming the field in plain words: Hummingbird's own
/// messages name Swift types ("expected `String` type", "Cannot initialize PartyKind…").
public struct PlainRequestDecoder: RequestDecoder {
    public func decode<T: Decodable>(_ type: T.Type, from request: Request, context: some RequestContext) async throws -> T {
        let json = JSONDecoder()
        json.dateDecodingStrategy = .iso8601
        do {
            return try await json.decode(type, from: request, context: context)
        } catch let error as DecodingError {
            throw TMFError(.badRequest, code: "invalidBody", reason: "request body: \(error.plain)")
        }
    }
}
