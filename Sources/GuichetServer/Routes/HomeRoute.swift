import GuichetApp
import Hummingbird

/// The home page at `/`: what this instance is, the way in to the portal, and the machine APIs.
struct HomeRoute {
    let configuration: AppConfiguration

    func register(on router: Router<AppRequestContext>) {
        let demo = configuration.demo ? "<p class=demo role=note>Instance de démonstration : les comptes d'exemple sont sur la page de connexion.</p>" : ""
        let page = """
            <!doctype html><html lang=fr><head><meta charset=utf-8><meta name=viewport content="width=device-width, initial-scale=1">
            <title>Guichet</title><link rel=stylesheet href="/static/guichet.css"></head>
            <body><header class=top><a class=brand href="/">Guichet</a><a href="/connexion">Se connecter</a></header>\(demo)
            <main id=contenu><h1>Guichet \(configuration.version)</h1>
            <p>Back office open source pour opérateurs télécoms : espace client, Espace Client Entreprise, e-soutien et back office de l'opérateur.</p>
            <p><a href="/connexion">Se connecter</a></p>
            <h2>Pour les machines</h2>
            <ul><li><a href="/health">/health</a></li><li><a href="/ready">/ready</a></li>
            <li><a href="/metrics">/metrics</a></li><li><a href="/openapi.json">/openapi.json</a></li>
            <li><a href="/api/v1/territories">/api/v1/territories</a></li></ul></main></body></html>
            """
        router.get("/") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
        }
    }
}
