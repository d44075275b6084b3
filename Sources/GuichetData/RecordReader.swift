import Foundation

/// One record of a file of flat records: CSV with a header line (RFC 4180 quoting, one record a line)
/// or JSON Lines of flat objects, the same field names in both. Empty values are absent.
public struct FlatRecord: Sendable, Hashable {
    public let line: Int
    public let fields: [String: String]
}

/// Why a line of such a file cannot be read: its line, the field and the reason.
public struct RecordError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public let line: Int
    public let field: String
    public let reason: String
    public init(line: Int, field: String, reason: String) { self.line = line; self.field = field; self.reason = reason }
    public var description: String { "line \(line): \(field): \(reason)" }
}

/// Reads the records of a line source, the CSV header first; skips blank lines.
public struct RecordReader<Source: LineSource> {
    public private(set) var source: Source
    let format: CDRFormat
    private var header: [String]?

    /// - Parameter known: the field names the file may use; a CSV header naming another is refused.
    public init(_ source: Source, format: CDRFormat, known: Set<String>) throws(RecordError) {
        self.source = source
        self.format = format
        guard format == .csv else { return }
        var header: [String]?
        do { header = try self.source.next().map { try Self.csvFields(String(decoding: $0, as: UTF8.self), line: 1) } } catch let e as RecordError { throw e } catch {
            throw RecordError(line: 1, field: "file", reason: "\(error)")
        }
        guard let names = header, !names.isEmpty, names != [""] else { throw RecordError(line: 1, field: "header", reason: "the file is empty: the first line names the fields") }
        if let unknown = names.first(where: { !known.contains($0) }) {
            throw RecordError(line: 1, field: "header", reason: "'\(unknown)' is not a field of this file (\(known.sorted().joined(separator: ", ")))")
        }
        self.header = names
    }

    /// The next record, a line that cannot be read as one, or nil at the end.
    public mutating func next() throws -> Result<FlatRecord, RecordError>? {
        while let bytes = try source.next() {
            let line = source.lineNumber
            if bytes.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return .failure(RecordError(line: line, field: "line", reason: "not valid UTF-8"))
            }
            do throws(RecordError) {
                return .success(FlatRecord(line: line, fields: format == .csv ? try csv(text, line: line) : try Self.json(text, line: line)))
            } catch {
                return .failure(error)
            }
        }
        return nil
    }

    private func csv(_ text: String, line: Int) throws(RecordError) -> [String: String] {
        let values = try Self.csvFields(text, line: line)
        let names = header ?? []
        guard values.count == names.count else {
            throw RecordError(line: line, field: "line", reason: "\(values.count) fields where the header names \(names.count)")
        }
        var fields: [String: String] = [:]
        for (name, value) in zip(names, values) where !value.isEmpty { fields[name] = value }
        return fields
    }

    /// A line's fields: separated by commas, a field in double quotes may hold commas and doubled quotes.
    static func csvFields(_ text: String, line: Int) throws(RecordError) -> [String] {
        var fields: [String] = [], current = "", quoted = false, wasQuoted = false
        var chars = text.makeIterator()
        while let c = chars.next() {
            if quoted {
                if c == "\"" {
                    var peek = chars
                    if peek.next() == "\"" { current.append("\""); chars = peek } else { quoted = false }
                } else { current.append(c) }
            } else if c == "," {
                fields.append(wasQuoted ? current : trimmed(current)); current = ""; wasQuoted = false
            } else if c == "\"" && current.allSatisfy(\.isWhitespace) && !wasQuoted {
                quoted = true; wasQuoted = true; current = ""
            } else if wasQuoted && c != " " {
                throw RecordError(line: line, field: "line", reason: "text after a closing quote in field \(fields.count + 1)")
            } else if !wasQuoted {
                current.append(c)
            }
        }
        guard !quoted else { throw RecordError(line: line, field: "line", reason: "a quote opened in field \(fields.count + 1) is never closed") }
        fields.append(wasQuoted ? current : trimmed(current))
        return fields
    }

    /// A field without the spaces around it; Foundation's `trimmingCharacters` bridges every field to NSString.
    static func trimmed(_ s: String) -> String {
        guard let first = s.firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = s.lastIndex(where: { !$0.isWhitespace })!
        return first == s.startIndex && last == s.index(before: s.endIndex) ? s : String(s[first...last])
    }

    /// A flat JSON object's members as text (whole numbers and booleans as written; null is absent).
    static func json(_ text: String, line: Int) throws(RecordError) -> [String: String] {
        let object: [String: Scalar]
        do {
            object = try JSONDecoder().decode([String: Scalar].self, from: Data(text.utf8))
        } catch let DecodingError.dataCorrupted(c) where !c.codingPath.isEmpty {
            throw RecordError(line: line, field: c.codingPath[0].stringValue, reason: "must be text, a whole number or a boolean")
        } catch {
            throw RecordError(line: line, field: "line", reason: "not a flat JSON object")
        }
        return object.compactMapValues(\.text)
    }

    enum Scalar: Decodable {
        case text(String?)
        var text: String? { if case .text(let t) = self, let t, !t.isEmpty { t } else { nil } }

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if c.decodeNil() { self = .text(nil) }
            else if let s = try? c.decode(String.self) { self = .text(s) }
            else if let b = try? c.decode(Bool.self) { self = .text(b ? "true" : "false") }
            else if let n = try? c.decode(Int64.self) { self = .text(String(n)) }
            else { throw DecodingError.dataCorruptedError(in: c, debugDescription: "not a scalar") }
        }
    }
}
