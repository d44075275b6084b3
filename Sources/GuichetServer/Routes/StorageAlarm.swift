import GuichetApp
import GuichetCore
import Synchronization

/// Remembers when the database last said its storage was full (F13), so that `/ready` stops
/// sending traffic here for a while after, instead of answering "ready" while writes fail.
final class StorageAlarm: Sendable {
    private let last = Mutex<Instant?>(nil)
    /// How long after the last full write the instance reports not ready.
    static let holdSeconds: Int64 = 60

    func raise(at now: Instant) { last.withLock { $0 = now } }

    /// When storage was last full, if within the hold.
    func active(at now: Instant) -> Instant? {
        last.withLock { l in l.flatMap { now.seconds - $0.seconds < Self.holdSeconds ? $0 : nil } }
    }
}
