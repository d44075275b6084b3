extension Explanation {
    /// Its members as its Codable conformance writes them, keys sorted: the inputs are kept in that order already.
    package func write(_ m: inout JSONText.Members) {
        m.object("inputs") { o in for i in inputs { o.escapedString(i.name, i.value) } }
        m.string("result", result); m.string("rule", rule); m.string("source", source)
        m.array("steps", steps) { w, s in w.object { s.write(&$0) } }
    }
}
