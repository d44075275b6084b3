import Foundation

/// Reads a file line by line through a fixed-size buffer, so a 10-million-line file takes no
/// more memory than a small one. Lines are handed out as bytes, without the line ending.
public struct LineReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var start = 0
    private var finished = false
    public private(set) var lineNumber = 0
    /// Bytes consumed so far (for progress).
    public private(set) var bytesRead: Int64 = 0
    public let totalBytes: Int64
    private let chunk: Int

    public init(path: String, chunk: Int = 1 << 20) throws {
        guard let h = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path]) }
        handle = h
        totalBytes = Int64((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)??.int64Value ?? 0)
        self.chunk = chunk
    }

    /// The next line, or nil at the end of the file.
    public mutating func next() throws -> ArraySlice<UInt8>? {
        while true {
            if let nl = buffer[start...].firstIndex(of: 10) {
                var end = nl
                if end > start && buffer[end - 1] == 13 { end -= 1 }
                let line = buffer[start..<end]
                bytesRead += Int64(nl + 1 - start)
                start = nl + 1
                lineNumber += 1
                return line
            }
            if finished {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                bytesRead += Int64(buffer.count - start)
                start = buffer.count
                lineNumber += 1
                return line
            }
            buffer.removeSubrange(0..<start)
            start = 0
            let data = try handle.read(upToCount: chunk) ?? Data()
            if data.isEmpty { finished = true } else { buffer.append(contentsOf: data) }
        }
    }

    public func close() { try? handle.close() }
}

/// Where import lines come from: a file, or a request body already in memory.
public protocol LineSource {
    mutating func next() throws -> ArraySlice<UInt8>?
    var lineNumber: Int { get }
    var bytesRead: Int64 { get }
    var totalBytes: Int64 { get }
}

extension LineReader: LineSource {}

/// Lines of an in-memory body.
public struct MemoryLines: LineSource {
    private let bytes: [UInt8]
    private var start = 0
    public private(set) var lineNumber = 0
    public var bytesRead: Int64 { Int64(start) }
    public var totalBytes: Int64 { Int64(bytes.count) }

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public mutating func next() throws -> ArraySlice<UInt8>? {
        guard start < bytes.count else { return nil }
        let nl = bytes[start...].firstIndex(of: 10) ?? bytes.count
        var end = nl
        if end > start && bytes[end - 1] == 13 { end -= 1 }
        let line = bytes[start..<end]
        start = min(bytes.count, nl + 1)
        lineNumber += 1
        return line
    }
}
