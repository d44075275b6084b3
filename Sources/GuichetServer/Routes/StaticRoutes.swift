import Foundation
import GuichetApp
import Hummingbird

/// The portal's style sheet, read once from the bundle.
struct StaticRoutes {
    func register(on router: Router<AppRequestContext>) throws {
        guard let url = Bundle.module.url(forResource: "static/guichet", withExtension: "css") else { throw PortalError.notFound("static/guichet.css") }
        let css = try Data(contentsOf: url)
        router.get("/static/guichet.css") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "public, max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(data: css)))
        }
    }
}
