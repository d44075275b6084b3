import Foundation

/// A received e-mail, read from its raw RFC 5322 form: the headers Guichet routes on and the
/// first text part, decoded (base64 or quoted-printable, encoded-word subjects).
public struct InboundMail: Sendable, Hashable, Codable {
    public let from: String
    public let to: [String]
    public let subject: String
    public let messageID: String?
    public let inReplyTo: String?
    public let text: String
    /// Marked urgent by its sender: `Importance: high`, `X-Priority: 1`/`2`, or URGENT in the subject.
    public let urgent: Bool

    public init(from: String, to: [String], subject: String, messageID: String? = nil, inReplyTo: String? = nil, text: String, urgent: Bool = false) {
        self.from = from; self.to = to; self.subject = subject; self.messageID = messageID; self.inReplyTo = inReplyTo
        self.text = text; self.urgent = urgent
    }

    public enum ParseError: Error, CustomStringConvertible {
        case missingHeader(String)
        public var description: String { switch self { case .missingHeader(let h): "the message has no \(h) header" } }
    }

    public init(raw: String) throws(ParseError) {
        let (headers, body) = Self.split(raw)
        guard let from = headers["from"].map(Self.address) else { throw .missingHeader("From") }
        let subject = headers["subject"].map(Self.decodeWords) ?? ""
        self.from = from
        to = (headers["to"] ?? "").split(separator: ",").map { Self.address(String($0)) }
        self.subject = subject
        messageID = headers["message-id"].map(Self.address)
        inReplyTo = headers["in-reply-to"].map(Self.address)
        text = Self.text(headers: headers, body: body)
        let importance = headers["importance"]?.lowercased() ?? "", priority = headers["x-priority"] ?? ""
        urgent = importance.contains("high") || priority.hasPrefix("1") || priority.hasPrefix("2") || subject.uppercased().contains("URGENT")
    }

    /// Headers (names lower-cased, folded lines joined) and the body.
    static func split(_ raw: String) -> ([String: String], String) {
        let normalised = raw.replacingOccurrences(of: "\r\n", with: "\n")
        let parts = normalised.components(separatedBy: "\n\n")
        var headers: [String: String] = [:], last: String?
        for line in parts[0].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.first == " " || line.first == "\t", let key = last {
                headers[key, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                let key = line[..<colon].lowercased()
                if headers[key] == nil { headers[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces) }
                last = key
            }
        }
        return (headers, parts.dropFirst().joined(separator: "\n\n"))
    }

    /// The first text/plain part of the body, decoded.
    static func text(headers: [String: String], body: String) -> String {
        let type = headers["content-type"]?.lowercased() ?? "text/plain"
        if type.hasPrefix("multipart/"), let boundary = Self.parameter("boundary", in: headers["content-type"] ?? "") {
            for part in body.components(separatedBy: "--" + boundary).dropFirst() where !part.hasPrefix("--") {
                let (h, b) = split(String(part.drop { $0 == "\n" }))
                let partType = h["content-type"]?.lowercased() ?? "text/plain"
                if partType.hasPrefix("text/plain") || partType.hasPrefix("multipart/") { return text(headers: h, body: b) }
            }
            return ""
        }
        let encoding = headers["content-transfer-encoding"]?.lowercased() ?? "7bit"
        let decoded: String
        switch encoding {
        case "base64": decoded = Data(base64Encoded: body, options: .ignoreUnknownCharacters).map { String(decoding: $0, as: UTF8.self) } ?? body
        case "quoted-printable": decoded = quotedPrintable(body)
        default: decoded = body
        }
        return decoded.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func parameter(_ name: String, in header: String) -> String? {
        for p in header.split(separator: ";").dropFirst() {
            let kv = p.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if kv.count == 2, kv[0].lowercased() == name { return kv[1].trimmingCharacters(in: .init(charactersIn: "\"")) }
        }
        return nil
    }

    static func quotedPrintable(_ s: String) -> String {
        var bytes: [UInt8] = []
        let src = Array(s.replacingOccurrences(of: "=\n", with: "").utf8)
        var i = 0
        while i < src.count {
            if src[i] == UInt8(ascii: "="), i + 2 < src.count, let v = UInt8(String(decoding: src[i + 1...i + 2], as: UTF8.self), radix: 16) {
                bytes.append(v); i += 3
            } else { bytes.append(src[i]); i += 1 }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `Name <a@b>` → `a@b`.
    static func address(_ value: String) -> String {
        if let open = value.firstIndex(of: "<"), let close = value[open...].firstIndex(of: ">") {
            return String(value[value.index(after: open)..<close])
        }
        return value.trimmingCharacters(in: .whitespaces)
    }

    /// RFC 2047 encoded words (B and Q) decoded; other text kept.
    static func decodeWords(_ value: String) -> String {
        var result = "", rest = Substring(value)
        while let start = rest.range(of: "=?") {
            let afterStart = rest[start.upperBound...]
            let pieces = afterStart.split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
            guard pieces.count >= 4, pieces[3].hasPrefix("=") else { break }
            let between = rest[..<start.lowerBound]
            if !between.allSatisfy(\.isWhitespace) || result.isEmpty { result += between }
            let payload = String(pieces[2])
            switch pieces[1].uppercased() {
            case "B": result += Data(base64Encoded: payload).map { String(decoding: $0, as: UTF8.self) } ?? payload
            default: result += quotedPrintable(payload.replacingOccurrences(of: "_", with: " "))
            }
            rest = pieces[3].dropFirst()
        }
        return result + rest
    }
}
