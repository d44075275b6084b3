/// Where a catalog element was read: file and line, so that every error can name them.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public let file: String
    public let line: Int

    public init(file: String, line: Int) { self.file = file; self.line = line }

    public var description: String { "\(file):\(line)" }
}
