import Foundation
import GuichetCore

extension Instant {
    /// The system clock, read only at the edges (CLI and server), never in the core.
    static var now: Instant { Instant(seconds: Int64(Date().timeIntervalSince1970)) }
}
