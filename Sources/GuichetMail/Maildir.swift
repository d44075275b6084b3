import Foundation

/// Inbound mail read from a maildir (`new/` → processed → `cur/`), as a mail server delivers it.
public struct Maildir: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The raw messages waiting in `new/`, oldest name first.
    public func newMessages() throws -> [(name: String, raw: String)] {
        let dir = URL(fileURLWithPath: path).appendingPathComponent("new")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasPrefix(".") }.sorted()
        return try names.map { ($0, try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// Moves a processed message to `cur/`, so it is read once.
    public func markSeen(_ name: String) throws {
        let base = URL(fileURLWithPath: path)
        let cur = base.appendingPathComponent("cur")
        try FileManager.default.createDirectory(at: cur, withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: base.appendingPathComponent("new").appendingPathComponent(name),
                                         to: cur.appendingPathComponent(name + ":2,S"))
    }
}
