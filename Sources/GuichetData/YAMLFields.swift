import GuichetCore
import Yams

/// A YAML mapping read field by field, so that every error names the file, the line and
/// the field (`prices[3].amount`) it is about.
struct YAMLFields {
    let node: Node
    let file: String
    let path: String
    private let map: [String: Node]

    init(_ node: Node, file: String, path: String) throws(CatalogFileError) {
        self.node = node; self.file = file; self.path = path
        guard let mapping = node.mapping else { throw CatalogFileError(file: file, line: node.mark?.line ?? 0, field: path, "expected a mapping") }
        var map: [String: Node] = [:]
        for (key, value) in mapping { if let k = key.string { map[k] = value } }
        self.map = map
    }

    var at: SourceLocation { SourceLocation(file: file, line: node.mark?.line ?? 0) }

    func fail(_ key: String, _ message: String) -> CatalogFileError {
        CatalogFileError(file: file, line: (map[key] ?? node).mark?.line ?? 0, field: field(key), message)
    }

    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Refuses keys the schema does not know: a misspelt key must not be silently ignored.
    func only(_ keys: Set<String>) throws(CatalogFileError) {
        for key in map.keys.sorted() where !keys.contains(key) {
            throw fail(key, "unknown field (expected one of: \(keys.sorted().joined(separator: ", ")))")
        }
    }

    func has(_ key: String) -> Bool { map[key] != nil }

    func string(_ key: String) throws(CatalogFileError) -> String {
        guard let n = map[key] else { throw fail(key, "missing") }
        guard let s = n.scalar?.string, !s.isEmpty else { throw fail(key, "expected text") }
        return s
    }

    func optionalString(_ key: String) throws(CatalogFileError) -> String? {
        map[key] == nil ? nil : try string(key)
    }

    func bool(_ key: String, default value: Bool = false) throws(CatalogFileError) -> Bool {
        guard let n = map[key] else { return value }
        guard let b = n.bool else { throw fail(key, "expected true or false") }
        return b
    }

    func int(_ key: String) throws(CatalogFileError) -> Int {
        guard let n = map[key] else { throw fail(key, "missing") }
        guard let i = n.int else { throw fail(key, "expected a whole number") }
        return i
    }

    func money(_ key: String) throws(CatalogFileError) -> Money? {
        guard map[key] != nil else { return nil }
        let text = try string(key)
        do { return try Money(text) } catch { throw fail(key, error.description) }
    }

    func date(_ key: String) throws(CatalogFileError) -> LocalDate? {
        guard map[key] != nil else { return nil }
        let text = try string(key)
        do { return try LocalDate(iso: text) } catch { throw fail(key, error.description) }
    }

    func strings(_ key: String) throws(CatalogFileError) -> [String] {
        guard let n = map[key] else { return [] }
        guard let seq = n.sequence else { throw fail(key, "expected a list") }
        var result: [String] = []
        for (i, item) in seq.enumerated() {
            guard let s = item.scalar?.string else {
                throw CatalogFileError(file: file, line: item.mark?.line ?? 0, field: "\(field(key))[\(i)]", "expected text")
            }
            result.append(s)
        }
        return result
    }

    func ints(_ key: String) throws(CatalogFileError) -> [Int] {
        guard let n = map[key] else { return [] }
        guard let seq = n.sequence else { throw fail(key, "expected a list") }
        var result: [Int] = []
        for (i, item) in seq.enumerated() {
            guard let v = item.int else { throw CatalogFileError(file: file, line: item.mark?.line ?? 0, field: "\(field(key))[\(i)]", "expected a whole number") }
            result.append(v)
        }
        return result
    }

    /// The items of a list of mappings, each with its own path (`prices[3]`).
    func list(_ key: String) throws(CatalogFileError) -> [YAMLFields] {
        guard let n = map[key] else { return [] }
        guard let seq = n.sequence else { throw fail(key, "expected a list") }
        var result: [YAMLFields] = []
        for (i, item) in seq.enumerated() { result.append(try YAMLFields(item, file: file, path: "\(field(key))[\(i)]")) }
        return result
    }

    func mapping(_ key: String) throws(CatalogFileError) -> YAMLFields? {
        guard let n = map[key] else { return nil }
        return try YAMLFields(n, file: file, path: field(key))
    }

    var keys: [String] { map.keys.sorted() }
}

/// A catalog file that cannot be read, with the place and the field.
public struct CatalogFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let field: String
    public let message: String

    init(file: String, line: Int, field: String, _ message: String) {
        self.file = file; self.line = line; self.field = field; self.message = message
    }

    public var description: String { "\(file):\(line): \(field.isEmpty ? "" : "\(field): ")\(message)" }
}
