import Foundation
import GuichetCore

/// The usage-record file formats (docs/usage-records.md).
public enum CDRFormat: String, Sendable, Codable, CaseIterable {
    case csv, jsonl

    public static let csvHeader = "id,line,kind,called,start,quantity,called_type"
    /// The header of files that say where roaming records were made (003 CG 13): an eighth column, empty at home.
    public static let csvHeaderWithVisited = csvHeader + ",visited"

    /// Guesses from the file name; CSV unless it ends in .jsonl or .ndjson.
    public static func guess(path: String) -> CDRFormat {
        path.hasSuffix(".jsonl") || path.hasSuffix(".ndjson") ? .jsonl : .csv
    }
}

/// Why a row cannot be rated as it is: the field and the reason (the caller adds file and line).
public struct CDRRowError: Error, Equatable, CustomStringConvertible {
    public let field: String
    public let reason: String
    public init(_ field: String, _ reason: String) { self.field = field; self.reason = reason }
    public var description: String { "\(field): \(reason)" }
}

public enum CDRParser {
    /// Parses one CSV data row: exactly 7 comma-separated fields, no quoting.
    public static func csv(_ row: ArraySlice<UInt8>) throws(CDRRowError) -> UsageRecord {
        // The format is ASCII; anything else is either invalid UTF-8 or refused by the field checks.
        if row.contains(where: { $0 >= 0x80 }), String(validating: row, as: UTF8.self) == nil { throw CDRRowError("row", "not valid UTF-8") }
        // The six commas (seven with `visited`), found in one pass without building an array (this runs millions of times).
        var commas = (0, 0, 0, 0, 0, 0, 0)
        var n = 0
        var quoted = false
        for i in row.indices {
            let b = row[i]
            if b == 34 { quoted = true }
            guard b == 44 else { continue }
            switch n {
            case 0: commas.0 = i
            case 1: commas.1 = i
            case 2: commas.2 = i
            case 3: commas.3 = i
            case 4: commas.4 = i
            case 5: commas.5 = i
            case 6: commas.6 = i
            default: break
            }
            n += 1
        }
        guard n == 6 || n == 7 else { throw CDRRowError("row", "\(n + 1) columns, 7 or 8 expected (\(CDRFormat.csvHeaderWithVisited))") }
        if quoted { throw CDRRowError("row", "quoted fields are not part of the format") }
        func text(_ f: ArraySlice<UInt8>) -> String { String(decoding: f, as: UTF8.self) }
        return try record(id: text(row[row.startIndex..<commas.0]), line: text(row[(commas.0 + 1)..<commas.1]), kind: row[(commas.1 + 1)..<commas.2],
                          called: text(row[(commas.2 + 1)..<commas.3]), start: row[(commas.3 + 1)..<commas.4],
                          quantity: row[(commas.4 + 1)..<commas.5], calledType: n == 6 ? row[(commas.5 + 1)...] : row[(commas.5 + 1)..<commas.6],
                          visited: n == 6 ? [] : row[(commas.6 + 1)...])
    }

    private struct JSONRow: Decodable {
        let id: String
        let line: String
        let kind: String
        let called: String?
        let start: String
        let quantity: Int
        let calledType: String?
        let visited: String?
    }

    private static let jsonKeys: Set<String> = ["id", "line", "kind", "called", "start", "quantity", "calledType", "visited"]

    /// Parses one JSON Lines row: an object with exactly the documented keys.
    public static func jsonl(_ row: ArraySlice<UInt8>) throws(CDRRowError) -> UsageRecord {
        guard String(validating: row, as: UTF8.self) != nil else { throw CDRRowError("row", "not valid UTF-8") }
        let data = Data(row)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { throw CDRRowError("row", "not a JSON object") }
        if let extra = Set(object.keys).subtracting(jsonKeys).sorted().first { throw CDRRowError(extra, "unknown field") }
        let r: JSONRow
        do { r = try JSONDecoder().decode(JSONRow.self, from: data) } catch let DecodingError.keyNotFound(key, _) {
            throw CDRRowError(key.stringValue, "missing")
        } catch let DecodingError.typeMismatch(_, context) {
            throw CDRRowError(context.codingPath.last?.stringValue ?? "row", "wrong type")
        } catch {
            throw CDRRowError("row", "not a usage record")
        }
        return try record(id: r.id, line: r.line, kind: ArraySlice(r.kind.utf8), called: r.called ?? "", start: ArraySlice(r.start.utf8),
                          quantity: ArraySlice(String(r.quantity).utf8), calledType: ArraySlice((r.calledType ?? "").utf8),
                          visited: ArraySlice((r.visited ?? "").utf8))
    }

    private static func record(id: String, line: String, kind kindBytes: ArraySlice<UInt8>, called: String, start: ArraySlice<UInt8>,
                               quantity: ArraySlice<UInt8>, calledType: ArraySlice<UInt8>, visited: ArraySlice<UInt8>) throws(CDRRowError) -> UsageRecord {
        guard !id.isEmpty, id.utf8.count <= 100, id.utf8.allSatisfy({ isIDByte($0) }) else {
            throw CDRRowError("id", "'\(id)' must be 1 to 100 letters, digits, '.', '_', ':' or '-'")
        }
        guard line.hasPrefix("+"), line.utf8.count >= 8, line.utf8.count <= 16, line.utf8.dropFirst().allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw CDRRowError("line", "'\(line)' is not an E.164 number (+ and 7 to 15 digits)")
        }
        let kind: UsageKind
        if kindBytes.elementsEqual("voice".utf8) { kind = .voice } else if kindBytes.elementsEqual("sms".utf8) { kind = .sms }
        else if kindBytes.elementsEqual("data".utf8) { kind = .data }
        else { throw CDRRowError("kind", "'\(String(decoding: kindBytes, as: UTF8.self))' is not voice, sms or data") }
        if kind != .data && called.isEmpty { throw CDRRowError("called", "missing") }
        let instant = try parseInstant(start)
        let q = try parseQuantity(quantity)
        let mobile: Bool?
        if calledType.isEmpty { mobile = nil } else if calledType.elementsEqual("mobile".utf8) { mobile = true }
        else if calledType.elementsEqual("fixed".utf8) { mobile = false }
        else { throw CDRRowError("called_type", "'\(String(decoding: calledType, as: UTF8.self))' is not fixed, mobile or empty") }
        guard visited.isEmpty || (visited.count == 2 && visited.allSatisfy({ $0 >= 65 && $0 <= 90 })) else {
            throw CDRRowError("visited", "'\(String(decoding: visited, as: UTF8.self))' is not a two-letter country code (ISO 3166-1) or empty")
        }
        return UsageRecord(id: id, line: line, kind: kind, called: called, start: instant, quantity: q, calledLineIsMobile: mobile,
                           visited: visited.isEmpty ? nil : String(decoding: visited, as: UTF8.self))
    }

    private static func isIDByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 45 || b == 46 || b == 95 || b == 58
    }

    private static func parseQuantity(_ f: ArraySlice<UInt8>) throws(CDRRowError) -> Int {
        var negative = false
        var digits = f
        if digits.first == 45 { negative = true; digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.count <= 12, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
            throw CDRRowError("quantity", "'\(String(decoding: f, as: UTF8.self))' is not a whole number")
        }
        if negative { throw CDRRowError("quantity", "negative duration or quantity: \(String(decoding: f, as: UTF8.self))") }
        return digits.reduce(0) { $0 * 10 + Int($1 - 48) }
    }

    /// "2026-05-04T10:00:00-04:00" or "…Z", read straight from the bytes.
    static func parseInstant(_ f: ArraySlice<UInt8>) throws(CDRRowError) -> Instant {
        let b = f, o = f.startIndex
        func bad() -> CDRRowError { CDRRowError("start", "'\(String(decoding: f, as: UTF8.self))' is not an ISO 8601 date-time with Z or ±HH:MM") }
        guard b.count == 20 || b.count == 25, b[o + 4] == 45, b[o + 7] == 45, b[o + 10] == 84, b[o + 13] == 58, b[o + 16] == 58 else { throw bad() }
        func num(_ i: Int, _ n: Int) -> Int? {
            var v = 0
            for k in (o + i)..<(o + i + n) { guard b[k] >= 48 && b[k] <= 57 else { return nil }; v = v * 10 + Int(b[k] - 48) }
            return v
        }
        guard let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2), let s = num(17, 2),
              h < 24, mi < 60, s < 60 else { throw bad() }
        var offset = 0
        if b.count == 20 {
            guard b[o + 19] == 90 else { throw bad() }
        } else {
            guard b[o + 19] == 43 || b[o + 19] == 45, b[o + 22] == 58, let oh = num(20, 2), let om = num(23, 2) else { throw bad() }
            offset = (b[o + 19] == 45 ? -1 : 1) * (oh * 3600 + om * 60)
        }
        guard let date = try? LocalDate(y, mo, d) else { throw bad() }
        return Instant(seconds: Int64(date.ordinal) * 86_400 + Int64(h * 3600 + mi * 60 + s - offset))
    }
}
