import Foundation
import GuichetCore
import GuichetMail
import Hummingbird
import HummingbirdTesting
import GuichetTestSupport
import Testing

/// Real e-mail through a real SMTP server: `aiosmtpd` from PyPI (installed by scripts/test.sh),
/// started and stopped by the test on a free loopback port, delivering into a maildir the test reads.
@Suite struct MailDeliveryTests {
    static var required: Bool { ProcessInfo.processInfo.environment["GUICHET_REQUIRE_ALL_SUITES"] == "1" }

    static func python(_ code: String, _ args: [String] = []) throws -> ChildProcess.Result {
        try ChildProcess.run("/usr/bin/env", ["python3", "-c", code] + args)
    }

    /// An SMTP server writing what it receives into `maildir`, once it accepts connections (a minute at most: the
    /// whole suite runs beside it on two cores), or an error quoting what it printed before it gave up.
    static func startSMTPServer(port: Int, maildir: String) throws -> ChildProcess.Running {
        let server = try ChildProcess.start("/usr/bin/env",
            ["python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:\(port)", "-c", "aiosmtpd.handlers.Mailbox", maildir])
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, server.process.isRunning {
            if accepts(port) { return server }
            Thread.sleep(forTimeInterval: 0.1)
        }
        stop(server)
        let printed = String(decoding: server.err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        throw SMTPServerDidNotStart(port: port, printed: printed)
    }

    struct SMTPServerDidNotStart: Error, CustomStringConvertible {
        let port: Int, printed: String
        var description: String { "aiosmtpd did not accept connections on 127.0.0.1:\(port): \(printed)" }
    }

    /// Whether something accepts connections on the loopback `port`.
    static func accepts(_ port: Int) -> Bool {
        guard let fd = Loopback.connected(port) else { return false }
        close(fd)
        return true
    }

    /// aiosmtpd keeps running on SIGTERM; SIGKILL stops it for sure.
    static func stop(_ server: ChildProcess.Running) {
        kill(server.process.processIdentifier, SIGKILL)
        server.process.waitUntilExit()
    }

    struct Report: Decodable { let sent: Int; let failed: Int; let refused: Int }
    struct Entry: Decodable { struct Delivery: Decodable { let state: String; let attempts: Int }; let id: Int; let delivery: Delivery }

    @Test func pendingMailIsDeliveredExactlyOnceWhenTheServerComesBack() async throws {
        guard try Self.python("import aiosmtpd").status == 0 else {
            #expect(!Self.required, "aiosmtpd is not installed (scripts/test.sh installs it)")
            return
        }
        let reservation = try PortReservation()
        let port = reservation.port
        let maildir = FileManager.default.temporaryDirectory.appendingPathComponent("guichet-maildir-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: maildir) }
        let clock = TestClock()
        // Only the test's flushes deliver: the worker's own pass (every 5 s of real time) would take the
        // messages first whenever the machine is slow enough for the steps below to span it.
        try await TestApp.run(clock: clock, smtp: SMTPSettings(host: "127.0.0.1", port: port, from: "support@guichet.example"),
                              mailInterval: .seconds(3600)) { client, _ in
            // The mail server is down: tickets are still filed, their acknowledgements wait.
            let cus = try await BillingRoutesTests.create(client, "/api/v1/customers", #"{"name":"Léa","kind":"consumer","territory":"MQ"}"#)
            var references: [String] = []
            for i in 1...3 {
                let r = try await SupportRoutesTests.post(client, "/tmf-api/troubleTicket/v4/troubleTicket",
                    #"{"ticketType":"afterSales","relatedPartyId":"\#(cus)","name":"Panne n°\#(i) — plus d'accès","description":"Box éteinte","contactEmail":"lea@example.fr"}"#)
                #expect(r.status == .created)
                references.append(try r.json(SupportRoutesTests.Ticket.self).id)
            }
            let down = try (try await SupportRoutesTests.post(client, "/api/v1/mail/outbox/flush", "{}")).json(Report.self)
            #expect(down.sent == 0 && down.failed == 1)
            let waiting = try (try await SupportRoutesTests.get(client, "/api/v1/mail/outbox")).json([Entry].self)
            #expect(waiting.count == 3 && waiting.allSatisfy { $0.delivery.state == "pending" })

            // Back up; once the retry is due, each message goes out once.
            reservation.release()
            let server = try Self.startSMTPServer(port: port, maildir: maildir)
            defer { Self.stop(server) }
            let early = try (try await SupportRoutesTests.post(client, "/api/v1/mail/outbox/flush", "{}")).json(Report.self)
            #expect(early.sent == 0)
            clock.advance(seconds: 120)
            let up = try (try await SupportRoutesTests.post(client, "/api/v1/mail/outbox/flush", "{}")).json(Report.self)
            #expect(up.sent == 3 && up.failed == 0)
            let again = try (try await SupportRoutesTests.post(client, "/api/v1/mail/outbox/flush", "{}")).json(Report.self)
            #expect(again.sent == 0)
            let delivered = try (try await SupportRoutesTests.get(client, "/api/v1/mail/outbox")).json([Entry].self)
            #expect(delivered.allSatisfy { $0.delivery.state == "sent" })

            let messages = try Maildir(path: maildir).newMessages().map { try InboundMail(raw: $0.raw) }
            #expect(messages.count == 3)
            #expect(Set(messages.compactMap(\.messageID)).count == 3)
            for ref in references {
                let m = messages.filter { $0.subject.contains("[\(ref)]") }
                #expect(m.count == 1, "\(ref) delivered \(m.count) times")
                #expect(m.first?.to == ["lea@example.fr"] && m.first?.from == "support@guichet.example")
                #expect(m.first?.text.contains("Votre signalisation a bien été enregistrée sous la référence \(ref).") == true)
            }
            #expect(messages.contains { $0.subject.contains("Panne n°2 — plus d'accès") })
        }
    }
}

/// A loopback port held bound but not listening while the mail server is down: connecting to it is refused, as to a
/// stopped server. It is taken below the kernel's ephemeral range (a port from that range, once released, may become the
/// local port of any connection the suite opens meanwhile), by a socket no spawned process inherits: either way the mail
/// server could not bind it (CI saw it happen).
final class PortReservation: Sendable {
    let port: Int
    private let fd: Int32

    init() throws {
        let ephemeral = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8))?
            .split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 32_768
        for _ in 0..<200 {
            let port = Int.random(in: 10_000..<ephemeral)
            // Not inherited by the processes other tests spawn meanwhile, which would hold the port after its release.
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            var addr = Loopback.address(port)
            let bound = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
            }
            if bound { self.fd = fd; self.port = port; return }
            close(fd)
        }
        throw CocoaError(.fileWriteUnknown)
    }

    func release() { close(fd) }
}
