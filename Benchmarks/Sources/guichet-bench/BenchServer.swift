import Foundation
import GuichetApp
import GuichetServer
import GuichetStore
import Logging

/// The real application (`buildApplication`, as `guichet serve`) on a loopback port, and a keep-alive
/// HTTP/1.1 client that times requests from a thread of its own (so that it never takes one of the
/// two cores' concurrency threads from the server it measures).
final class Server: Sendable {
    let port: Int
    private let task: Task<Void, any Error>

    private init(port: Int, task: Task<Void, any Error>) { self.port = port; self.task = task }

    /// A new connection: the server closes one left idle (a long import) after its idle timeout.
    func connect() throws -> HTTPClient { try HTTPClient(port: port, token: OperatorScale.token) }

    static func start(store: any Store, logger: Logger) async throws -> Server {
        let port = try HTTPClient.freePort()
        let config = AppConfiguration(port: port, catalogs: OperatorScale.repository("Catalogs"), bootstrapToken: OperatorScale.token,
                                      passwordCost: 4, publicURL: "http://127.0.0.1:\(port)")
        let app = try await buildApplication(configuration: config, store: store, logger: logger)
        let task = Task { try await app.runService() }
        for _ in 0..<100 {
            if (try? HTTPClient(port: port, token: OperatorScale.token)) != nil { return Server(port: port, task: task) }
            try await Task.sleep(for: .milliseconds(50))
        }
        task.cancel()
        throw BenchError("the server did not start on port \(port)")
    }

    func stop() async throws {
        task.cancel()
        _ = try? await task.value
    }
}

final class HTTPClient: @unchecked Sendable {
    private let fd: Int32
    private let token: String

    init(port: Int, token: String) throws {
        self.token = token
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { close(fd); throw BenchError("cannot connect to 127.0.0.1:\(port)") }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(fd) }

    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw BenchError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Sends one request and reads the whole response; a status other than 2xx throws with the body.
    @discardableResult
    func request(_ method: String, _ path: String, body: String? = nil) throws -> Int {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\n"
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n" }
        let bytes = Array((head + "\r\n" + (body ?? "")).utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw BenchError("send failed") }
            sent += n
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var headerEnd: Int?
        var length = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw BenchError("connection closed") }
            received += buffer[0..<n]
            if headerEnd == nil, let end = Self.find([13, 10, 13, 10], in: received) {
                headerEnd = end + 4
                let header = String(decoding: received[0..<end], as: UTF8.self).lowercased()
                guard let line = header.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
                      let l = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) else {
                    throw BenchError("no content-length in \(header)")
                }
                length = l
            }
            if let headerEnd, received.count >= headerEnd + length { break }
        }
        let status = Int(String(decoding: received[9..<12], as: UTF8.self)) ?? 0
        guard (200..<300).contains(status) else {
            throw BenchError("\(method) \(path): \(status) \(String(decoding: received[(headerEnd ?? 0)...], as: UTF8.self))")
        }
        return status
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] && Array(haystack[i..<(i + needle.count)]) == needle { return i }
        return nil
    }

    /// p50 and p99 of `rounds` calls of `body` on each of two clients, in turn (`first` says which), after 10 unmeasured
    /// ones each, on a thread of their own.
    static func timeInTurn(_ clients: (HTTPClient, HTTPClient), rounds: Int, _ body: @escaping @Sendable (HTTPClient, _ first: Bool) throws -> Void)
        async throws -> ((p50: Duration, p99: Duration), (p50: Duration, p99: Duration)) {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    for _ in 0..<10 { try body(clients.0, true); try body(clients.1, false) }
                    let clock = ContinuousClock()
                    var times: ([Duration], [Duration]) = ([], [])
                    for _ in 0..<rounds {
                        var start = clock.now
                        try body(clients.0, true)
                        times.0.append(clock.now - start)
                        start = clock.now
                        try body(clients.1, false)
                        times.1.append(clock.now - start)
                    }
                    func percentiles(_ t: [Duration]) -> (p50: Duration, p99: Duration) {
                        let sorted = t.sorted()
                        return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, sorted.count * 99 / 100)])
                    }
                    continuation.resume(returning: (percentiles(times.0), percentiles(times.1)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.start()
        }
    }
}
