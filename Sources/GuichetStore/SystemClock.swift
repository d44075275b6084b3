import Foundation
import GuichetCore

/// The system clock, read only by the adapters (store, server, CLI); the core never reads a clock.
public enum SystemClock {
    public static func now() -> Instant { Instant(seconds: Int64(Date().timeIntervalSince1970)) }
}
