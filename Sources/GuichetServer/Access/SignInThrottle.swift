import Foundation
import GuichetApp
import GuichetCore
import Synchronization

/// Sign-in and reset throttling, in memory (D-SEC-3, F5, F9, F10):
/// - per client address, at most `attemptsPerMinute` sign-in attempts a minute, whatever the accounts;
/// - per (login, address), a delay that grows with each wrong password in a row, the same for a
///   login that exists as for one that does not, so that the answer tells nothing;
/// - per address and per login, at most a few password-reset requests an hour.
/// Each instance keeps its own counts: with several instances an address gets each one's allowance.
final class SignInThrottle: Sendable {
    struct Streak { var failures: Int; var last: Instant }
    private struct State {
        var perAddress: [String: [Instant]] = [:]
        var streaks: [String: Streak] = [:]
        var resets: [String: [Instant]] = [:]
    }
    private let state = Mutex(State())
    let rules: LoginThrottle
    static let resetsPerHour = 5

    init(_ rules: LoginThrottle) { self.rules = rules }

    enum Verdict: Equatable { case go, tooManyFromAddress, wait(until: Instant) }

    /// Whether an attempt on `login` from `address` may be checked now; a refused attempt is not counted.
    func admit(login: String, address: String, at now: Instant) -> Verdict {
        state.withLock { s in
            let recent = (s.perAddress[address] ?? []).filter { now.seconds - $0.seconds < 60 }
            guard recent.count < rules.attemptsPerMinute else { s.perAddress[address] = recent; return .tooManyFromAddress }
            if let streak = s.streaks[Self.key(login, address)], let until = rules.waitUntil(failures: streak.failures, last: streak.last, now: now) {
                return .wait(until: until)
            }
            s.perAddress[address] = recent + [now]
            if s.perAddress.count > 10_000 { s.perAddress = s.perAddress.filter { now.seconds - ($0.value.last?.seconds ?? 0) < 60 } }
            return .go
        }
    }

    /// Records the outcome of an admitted attempt: a success clears the streak.
    func record(login: String, address: String, succeeded: Bool, at now: Instant) {
        state.withLock { s in
            let key = Self.key(login, address)
            if succeeded { s.streaks[key] = nil; return }
            s.streaks[key] = Streak(failures: (s.streaks[key]?.failures ?? 0) + 1, last: now)
            if s.streaks.count > 100_000 {
                s.streaks = s.streaks.filter { now.seconds - $0.value.last.seconds < rules.maxDelaySeconds }
            }
        }
    }

    /// Whether a reset may be mailed for `login` asked from `address` (five an hour for each).
    func admitReset(login: String, address: String, at now: Instant) -> Bool {
        state.withLock { s in
            let keys = ["login:" + login.lowercased(), "address:" + address]
            let recent = keys.map { k in (s.resets[k] ?? []).filter { now.seconds - $0.seconds < 3600 } }
            guard recent.allSatisfy({ $0.count < Self.resetsPerHour }) else { return false }
            for (k, r) in zip(keys, recent) { s.resets[k] = r + [now] }
            if s.resets.count > 10_000 { s.resets = s.resets.filter { now.seconds - ($0.value.last?.seconds ?? 0) < 3600 } }
            return true
        }
    }

    static func key(_ login: String, _ address: String) -> String { login.lowercased().trimmingCharacters(in: .whitespaces) + "|" + address }
}
