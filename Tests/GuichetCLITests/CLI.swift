import Foundation
import GuichetTestSupport
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Runs the `guichet` executable built next to this test bundle.
enum CLI {
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["GUICHET_BINARY"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("guichet")
    }

    /// Runs to completion with `arguments`, in a scratch folder, with `environment` added.
    /// - Parameter input: what the command reads on its standard input (a password), if anything.
    static func run(_ arguments: [String], environment: [String: String] = [:], in folder: URL? = nil, input: String? = nil) throws -> ChildProcess.Result {
        try ChildProcess.run(binary.path, arguments, environment: environment, removing: ["GUICHET_DATABASE"], in: folder, input: input)
    }

    static func start(_ arguments: [String], environment: [String: String] = [:], in folder: URL? = nil, input: String? = nil) throws -> ChildProcess.Running {
        try ChildProcess.start(binary.path, arguments, environment: environment, removing: ["GUICHET_DATABASE"], in: folder, input: input)
    }

    /// A path in this repository.
    static func repository(_ relative: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(relative).path
    }

    static func scratchFolder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("guichet-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    static func freePort() -> Int {
        // Bind port 0 on loopback, read the port the system chose, release it.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// GET on loopback; nil while nothing listens.
    /// `/health` of a server just started on `port`, once it answers (ten seconds at most).
    static func awaitHealth(_ port: Int) async throws -> (Int, String)? {
        for _ in 0..<100 {
            try await Task.sleep(for: .milliseconds(100))
            if let health = await get("http://127.0.0.1:\(port)/health") { return health }
        }
        return nil
    }

    static func get(_ url: String) async -> (Int, String)? {
        var request = URLRequest(url: URL(string: url)!)
        request.timeoutInterval = 2
        guard let (data, response) = try? await URLSession.shared.data(for: request),
              let http = response as? HTTPURLResponse else { return nil }
        return (http.statusCode, String(decoding: data, as: UTF8.self))
    }
}
