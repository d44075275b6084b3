import Foundation
import GuichetCore

/// An e-mail to send, as queued in the outbox: plain UTF-8 text, one or more recipients.
public struct OutgoingMail: Codable, Sendable, Hashable {
    public let to: [String]
    public let subject: String
    public let body: String
    /// 000 art. 4.7 asks for the confirmation "avec accusé de réception": a read receipt is requested.
    public let receiptRequested: Bool
    /// Threading: a reply keeps the ticket's thread.
    public let inReplyTo: String?

    public init(to: [String], subject: String, body: String, receiptRequested: Bool = false, inReplyTo: String? = nil) {
        self.to = to; self.subject = subject; self.body = body; self.receiptRequested = receiptRequested; self.inReplyTo = inReplyTo
    }

    /// How a text message's recipient is queued: `sms:` and the number in E.164.
    public static let smsScheme = "sms:"

    /// A text message to the mobile `number` (E.164), sent through the operator's e-mail-to-SMS gateway (D-RAT-12).
    public static func sms(to number: String, _ text: String) -> OutgoingMail {
        OutgoingMail(to: [smsScheme + number], subject: "SMS", body: text)
    }

    /// The same message to other recipients: where the outbox worker actually sends it.
    public func addressed(to recipients: [String]) -> OutgoingMail {
        OutgoingMail(to: recipients, subject: subject, body: body, receiptRequested: receiptRequested, inReplyTo: inReplyTo)
    }

    /// The RFC 5322 message: headers, then the body in base64 (any UTF-8 text, any line length),
    /// lines ending in CRLF. `messageID` is stable per outbox entry, so a receiver can recognise
    /// a message delivered twice.
    public func rendered(from: String, messageID: String, date: Instant) -> String {
        var headers = [
            "From: \(from)",
            "To: \(to.joined(separator: ", "))",
            "Subject: \(Self.encodedWord(subject))",
            "Date: \(Self.rfc5322Date(date))",
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: base64",
        ]
        if let inReplyTo { headers += ["In-Reply-To: <\(inReplyTo)>", "References: <\(inReplyTo)>"] }
        if receiptRequested { headers += ["Disposition-Notification-To: \(from)", "Return-Receipt-To: \(from)"] }
        let body = Data(self.body.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n"
    }

    /// RFC 2047: a header value as UTF-8 encoded words of at most 75 characters, split on
    /// character boundaries; plain ASCII is left as it is.
    static func encodedWord(_ text: String) -> String {
        guard text.contains(where: { !$0.isASCII || $0 == "\r" || $0 == "\n" }) || text.count > 900 else { return text }
        var words: [String] = [], chunk: [UInt8] = []
        for c in text {
            let bytes = Array(String(c).utf8)
            if chunk.count + bytes.count > 45 { words.append(Data(chunk).base64EncodedString()); chunk = [] }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(Data(chunk).base64EncodedString()) }
        return words.map { "=?UTF-8?B?\($0)?=" }.joined(separator: "\r\n ")
    }

    static func rfc5322Date(_ instant: Instant) -> String {
        let date = instant.utcDate, c = date.components
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let s = Int(((instant.seconds % 86_400) + 86_400) % 86_400)
        return "\(days[date.weekday.rawValue - 1]), \(two(c.day)) \(months[c.month - 1]) \(c.year) \(two(s / 3600)):\(two(s % 3600 / 60)):\(two(s % 60)) +0000"
    }
}
