extension Obligation {
    /// The stored body: the JSON its Codable conformance writes with sorted keys, written directly. A scheduled execution
    /// encodes two or three (the one done, the ones it schedules or supersedes), where Foundation's encoder took 7 % of
    /// run-due's CPU (D-RUN-29); `ObligationJSONTests` compares the two byte for byte.
    package var json: String {
        var w = JSONText(capacity: 768)
        w.object { m in
            m.string("dueAt", dueAt.description); m.string("dueOn", dueOn.description)
            m.object("explanation") { explanation.write(&$0) }
            m.string("id", id); m.string("kind", kind.rawValue)
            if let outcome { m.string("outcome", outcome) }
            m.string("resource", resource)
            if let settledAt { m.string("settledAt", settledAt.description) }
            m.string("state", state.rawValue)
        }
        return w.text
    }
}
