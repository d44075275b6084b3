import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where and how to send mail.
public struct SMTPSettings: Sendable, Hashable {
    public var host: String
    public var port: Int
    /// The envelope and header sender.
    public var from: String
    /// The name given in EHLO.
    public var heloName: String
    public var timeoutSeconds: Int
    /// The domain of the operator's e-mail-to-SMS gateway: a text to `sms:+262639001234` is mailed to
    /// `262639001234@<smsGateway>` (D-RAT-12); without one, texts are refused and stay in the outbox, marked so.
    public var smsGateway: String?

    public init(host: String, port: Int, from: String, heloName: String = "guichet.localdomain", timeoutSeconds: Int = 20, smsGateway: String? = nil) {
        self.host = host; self.port = port; self.from = from; self.heloName = heloName; self.timeoutSeconds = timeoutSeconds
        self.smsGateway = smsGateway
    }

    /// The address a queued recipient is mailed at: an e-mail address as it is, a text's number at the SMS gateway.
    public func address(_ recipient: String) throws(SMTPError) -> String {
        guard recipient.hasPrefix(OutgoingMail.smsScheme) else { return recipient }
        guard let smsGateway else {
            throw .refused(command: "SMS to \(recipient.dropFirst(OutgoingMail.smsScheme.count))", reply: "no SMS gateway configured (serve --sms-gateway)", permanent: true)
        }
        return String(recipient.dropFirst(OutgoingMail.smsScheme.count + 1)) + "@" + smsGateway
    }
}

public enum SMTPError: Error, Sendable, CustomStringConvertible {
    /// The server could not be reached, or the connection broke: try again later.
    case unreachable(String)
    /// The server answered with an error; 5xx codes are permanent (RFC 5321 §4.2.1).
    case refused(command: String, reply: String, permanent: Bool)

    public var isPermanent: Bool { if case .refused(_, _, true) = self { true } else { false } }

    public var description: String {
        switch self {
        case .unreachable(let why): "mail server unreachable: \(why)"
        case .refused(let command, let reply, _): "\(command) refused: \(reply)"
        }
    }
}

/// A plain SMTP client (RFC 5321): one connection per message, no authentication, for a relay
/// on the operator's network. Its blocking socket calls run on a thread of their own, never on
/// the server's.
public struct SMTPClient: Sendable {
    public let settings: SMTPSettings

    public init(settings: SMTPSettings) { self.settings = settings }

    /// Sends one rendered message to `recipients`.
    public func send(_ message: String, to recipients: [String]) async throws(SMTPError) {
        let settings = self.settings
        let result: Result<Void, SMTPError> = await withCheckedContinuation { done in
            let thread = Thread {
                done.resume(returning: Result { () throws(SMTPError) in try SMTPSession.deliver(message, to: recipients, settings: settings) })
            }
            thread.start()
        }
        try result.get()
    }
}

/// One blocking SMTP conversation over a TCP socket.
private struct SMTPSession {
    let fd: Int32
    var buffer: [UInt8] = []

    static func deliver(_ message: String, to recipients: [String], settings: SMTPSettings) throws(SMTPError) {
        var session = try SMTPSession(host: settings.host, port: settings.port, timeout: settings.timeoutSeconds)
        defer { close(session.fd) }
        try session.expect("greeting", 220)
        try session.command("EHLO \(settings.heloName)", 250)
        try session.command("MAIL FROM:<\(settings.from)>", 250)
        for r in recipients { try session.command("RCPT TO:<\(r)>", 250, 251) }
        try session.command("DATA", 354)
        try session.write(Self.dotStuffed(message) + ".\r\n")
        try session.expect("message", 250)
        try? session.command("QUIT", 221)
    }

    /// RFC 5321 §4.5.2: a line starting with a dot gets one more; the message ends with CRLF.
    static func dotStuffed(_ message: String) -> String {
        var text = message.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        if !text.hasSuffix("\r\n") { text += "\r\n" }
        if text.hasPrefix(".") { text = "." + text }
        return text.replacingOccurrences(of: "\r\n.", with: "\r\n..")
    }

    init(host: String, port: Int, timeout: Int) throws(SMTPError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { throw .unreachable("cannot resolve \(host)") }
        defer { freeaddrinfo(list) }
        var lastError = "no address for \(host)"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let a = candidate {
            let s = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
            if s >= 0 {
                var tv = timeval(tv_sec: timeout, tv_usec: 0)
                setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                if connect(s, a.pointee.ai_addr, a.pointee.ai_addrlen) == 0 { fd = s; return }
                lastError = "\(host):\(port): \(String(cString: strerror(errno)))"
                close(s)
            }
            candidate = a.pointee.ai_next
        }
        throw .unreachable(lastError)
    }

    mutating func command(_ line: String, _ accepted: Int...) throws(SMTPError) {
        try write(line + "\r\n")
        try expect(String(line.prefix { $0 != ":" && $0 != " " }), accepted)
    }

    mutating func expect(_ what: String, _ accepted: Int...) throws(SMTPError) { try expect(what, accepted) }

    /// Reads a reply (its last line has a space after the code) and checks its code.
    mutating func expect(_ what: String, _ accepted: [Int]) throws(SMTPError) {
        var line = try readLine()
        while line.count > 3, line[line.index(line.startIndex, offsetBy: 3)] == "-" { line = try readLine() }
        guard let code = Int(line.prefix(3)) else { throw .unreachable("unreadable reply to \(what): \(line)") }
        guard accepted.contains(code) else { throw .refused(command: what, reply: line, permanent: code >= 500) }
    }

    mutating func readLine() throws(SMTPError) -> String {
        while true {
            if let i = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[..<i], as: UTF8.self).trimmingCharacters(in: .init(charactersIn: "\r"))
                buffer.removeSubrange(...i)
                return line
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { throw .unreachable(n == 0 ? "connection closed by the server" : String(cString: strerror(errno))) }
            buffer += chunk[..<n]
        }
    }

    func write(_ text: String) throws(SMTPError) {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw .unreachable(String(cString: strerror(errno))) }
            sent += n
        }
    }
}
