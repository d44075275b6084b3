import Foundation
import Synchronization

/// Identifiers of new resources (`ctr_…`, `cus_…`): 16 hex digits that grow with every id made (the milliseconds since
/// 1970 and a count within the millisecond, as UUIDv7 orders them), then 8 random ones. Growing ids land at the end of
/// every index that holds them instead of anywhere in it: a migration import's batch of 5 000 contracts touched
/// nearly every page of the ten indexes of `contracts` (D-SCALE-13). The clock read orders ids only; no rule reads it.
package enum ResourceID {
    private static let last = Mutex<UInt64>(0)

    /// `prefix_` and a new id.
    package static func make(_ prefix: String) -> String { "\(prefix)_\(token())" }

    /// 24 hex digits: 16 that grow, 8 random (so that ids made by two instances at once differ).
    package static func token() -> String {
        let now = UInt64(max(0, Date().timeIntervalSince1970 * 1000)) << 16
        let ordered = last.withLock { last in
            last = max(last + 1, now)
            return last
        }
        let random = UInt64(UInt32.random(in: .min ... .max))
        return String(unsafeUninitializedCapacity: 24) { buffer in
            for i in 0..<16 { buffer[i] = hexDigits[Int((ordered >> UInt64(60 - 4 * i)) & 15)] }
            for i in 0..<8 { buffer[16 + i] = hexDigits[Int((random >> UInt64(28 - 4 * i)) & 15)] }
            return 24
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)
}
