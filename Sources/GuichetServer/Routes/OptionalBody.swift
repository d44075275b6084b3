import GuichetApp
import Hummingbird

/// A JSON body a route takes when sent: no body at all is nil, a body that does not decode is 400.
enum OptionalBody<T: Decodable> {
    static func read(_ request: Request, context: AppRequestContext) async throws -> T? {
        var request = request
        let body = try await request.collectBody(upTo: 64 * 1024)
        guard body.readableBytes > 0 else { return nil }
        return try await request.decode(as: T.self, context: context)
    }
}
