/// The life of a contract (TMF637 product status, narrowed to what the documents describe).
public enum ContractState: String, Sendable, Codable, CaseIterable {
    case pendingActivation, active, suspended, pendingTermination, terminated, cancelled, withdrawn

    public var isFinal: Bool { [.terminated, .cancelled, .withdrawn].contains(self) }
}

public enum ContractAction: String, Sendable, Codable, CaseIterable {
    case activate, cancel, withdraw, suspend, resume, requestTermination, cancelTerminationRequest, terminate

    /// The states the action may start from, and where it leads.
    var transition: (from: Set<ContractState>, to: ContractState) {
        switch self {
        case .activate: ([.pendingActivation], .active)
        case .cancel: ([.pendingActivation], .cancelled)
        case .withdraw: ([.pendingActivation, .active], .withdrawn)
        case .suspend: ([.active], .suspended)
        case .resume: ([.suspended], .active)
        case .requestTermination: ([.active, .suspended], .pendingTermination)
        case .cancelTerminationRequest: ([.pendingTermination], .active)
        case .terminate: ([.active, .suspended, .pendingTermination], .terminated)
        }
    }

    /// The state after this action, or why it is not allowed from `state`.
    public func apply(to state: ContractState) throws(ContractError) -> ContractState {
        let t = transition
        guard t.from.contains(state) else { throw .illegalTransition(action: self, from: state) }
        return t.to
    }
}

public enum ContractError: Error, Equatable, CustomStringConvertible {
    case illegalTransition(action: ContractAction, from: ContractState)
    case notActivated
    case outsideWithdrawalPeriod(lastDay: LocalDate)
    case unknownReason(String, family: ContractFamily)
    case invalid(field: String, reason: String)

    public var description: String {
        switch self {
        case .illegalTransition(let a, let s): "cannot \(a.rawValue) a contract that is \(s.rawValue)"
        case .notActivated: "the contract has not been activated: no engagement runs yet"
        case .outsideWithdrawalPeriod(let d): "the withdrawal period ended on \(d)"
        case .unknownReason(let r, let f): "'\(r)' is not a legitimate reason of the \(f.rawValue) contract (\(f.legitimateReasons.map(\.rawValue).joined(separator: ", ")))"
        case .invalid(let f, let r): "\(f): \(r)"
        }
    }
}
