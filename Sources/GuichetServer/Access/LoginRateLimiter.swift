import GuichetCore
import Synchronization

/// At most `LoginLockout.attemptsPerMinute` sign-in attempts per client address per minute, in
/// memory: it slows guessing across many accounts, which the per-account lock does not.
final class LoginRateLimiter: Sendable {
    private let attempts = Mutex<[String: [Instant]]>([:])
    let perMinute: Int

    init(perMinute: Int) { self.perMinute = perMinute }

    /// Records an attempt; false when the address is over its allowance.
    func allow(_ address: String, at now: Instant) -> Bool {
        attempts.withLock { all in
            let recent = (all[address] ?? []).filter { now.seconds - $0.seconds < 60 }
            guard recent.count < perMinute else { all[address] = recent; return false }
            all[address] = recent + [now]
            if all.count > 10_000 { all = all.filter { !$0.value.isEmpty && now.seconds - $0.value.last!.seconds < 60 } }
            return true
        }
    }
}
