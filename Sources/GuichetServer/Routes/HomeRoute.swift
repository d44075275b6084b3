import Hummingbird

/// The home page at `/`: what this instance is and where its APIs are. The portals
/// (issue 9) grow from here.
struct HomeRoute {
    let configuration: AppConfiguration

    func register(on router: Router<AppRequestContext>) {
        let demo = configuration.demo ? "<p class=demo>Demo instance — data here is for trying Guichet out.</p>" : ""
        let page = """
            <!doctype html><html lang=en><head><meta charset=utf-8><title>Guichet</title></head>
            <body><h1>Guichet \(configuration.version)</h1>\(demo)
            <p>Open-source back office for telecom operators.</p>
            <ul><li><a href="/health">/health</a></li><li><a href="/ready">/ready</a></li>
            <li><a href="/metrics">/metrics</a></li><li><a href="/openapi.json">/openapi.json</a></li>
            <li><a href="/api/v1/territories">/api/v1/territories</a></li></ul></body></html>
            """
        router.get("/") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
        }
    }
}
