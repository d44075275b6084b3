import Foundation

/// The process doing a bill run or an import, as `host:pid`, and whether it is still alive (F14).
/// Only a process of this machine can be known gone; one of another machine (several instances on
/// one PostgreSQL) is taken as running until its run finishes.
public enum RunOwner {
    public static let current = "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)"

    public static func isGone(_ owner: String) -> Bool {
        let parts = owner.split(separator: ":")
        guard parts.count == 2, String(parts[0]) == ProcessInfo.processInfo.hostName, let pid = Int32(parts[1]) else { return false }
        if pid == ProcessInfo.processInfo.processIdentifier { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }
}

/// Where a bill run or an import stands.
public enum RunStatus: String, Sendable, Codable, Hashable {
    case running, finished
    /// Its process died before it finished; running it again completes it.
    case interrupted

    static func of(finished: Bool, owner: String?) -> RunStatus {
        if finished { return .finished }
        return owner.map(RunOwner.isGone) == true ? .interrupted : .running
    }
}
