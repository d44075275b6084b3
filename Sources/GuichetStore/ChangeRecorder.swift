import Synchronization

/// Who changed what: while a request runs, the events the stores append are noted here, so that the
/// audit entry names the exact history entries it caused (their stream's previous entry is the before).
public final class ChangeLog: Sendable {
    private let noted = Mutex<[StoredEvent]>([])

    public init() {}

    func record(_ events: [StoredEvent]) { noted.withLock { $0 += events } }

    /// `stream#sequence type`, in append order.
    public var changes: [String] { noted.withLock { $0.map { "\($0.stream)#\($0.sequence) \($0.type)" } } }
}

public enum ChangeRecorder {
    /// The log of the request being served, if any.
    @TaskLocal public static var current: ChangeLog?
}
