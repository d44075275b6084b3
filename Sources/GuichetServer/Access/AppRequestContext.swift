import GuichetApp
import GuichetCore
import Hummingbird
import NIOCore

/// The request context of every route: Hummingbird's core storage plus who is asking.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `AccessMiddleware` from the session cookie or the API token.
    public var principal: Principal?
    /// The session's CSRF token, for the portal's forms.
    public var csrf: String?
    /// The signed-in person's display name.
    public var displayName: String?
    /// The client's address (login throttling); nil in router tests.
    public let clientAddress: String?

    public var requestDecoder: PlainRequestDecoder { PlainRequestDecoder() }

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }
}
