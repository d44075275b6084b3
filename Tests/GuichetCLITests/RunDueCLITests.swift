import Foundation
import GuichetCore
import GuichetStore
import GuichetTestSupport
import Testing

/// Issue 23's acceptance: `guichet run-due` killed midway and run again executes every obligation exactly once, on both
/// engines. Each termination is one transaction (the contract's change, its charges, its obligation settled), so a kill
/// leaves some done and the others pending; the next run does the others. Contracts imported `pendingTermination` with
/// their request received on 2 March 2026 are terminated on 12 March (001 CG 18.1: ten days).
struct RunDueCLITests {
    static let count = 2_000

    static func done(_ store: any Store) async throws -> Int {
        try await store.statePage(.obligations, StateQuery(equal: ["state": "done"], limit: 0)).total
    }

    @Test(arguments: TestStores.engines)
    func killedMidwayThenRunAgainExecutesEveryObligationOnce(engine: StoreEngine) async throws {
        let (location, cleanUp) = try await TestStores.freshLocation(engine)
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = ["--database", location.description, "--catalogs", CLI.repository("Catalogs")]
        var customers = "externalId,name,kind,territory\n", contracts = "externalId,customer,offering,orderedOn,state,activatedOn,changedOn\n"
        for i in 0..<Self.count {
            customers += "CRM-\(i),Client \(i),consumer,GP\n"
            contracts += "K-\(i),CRM-\(i),livebox-essentiel-fibre,2025-01-10,pendingTermination,2025-01-20,2026-03-02\n"
        }
        for (kind, text) in [("customers", customers), ("contracts", contracts)] {
            let file = dir.appendingPathComponent("\(kind).csv")
            try text.write(to: file, atomically: true, encoding: .utf8)
            let imported = try CLI.run(["import", kind, file.path] + common)
            #expect(imported.status == 0, "\(imported.stderr)")
        }
        let watcher = try await openStore(location, migrating: false, logger: TestStores.logger)

        // Killed once a termination is committed, before the last. The run is let go a few milliseconds at a time and
        // stopped (SIGSTOP) while the watcher looks, so that a watcher late under load cannot miss the middle.
        let running = try CLI.start(["run-due", "--until", "2026-03-12"] + common)
        let pid = running.process.processIdentifier
        kill(pid, SIGSTOP)
        let deadline = Date().addingTimeInterval(300)
        while Date() < deadline, running.process.isRunning, try await Self.done(watcher) == 0 {
            kill(pid, SIGCONT)
            usleep(5_000)
            kill(pid, SIGSTOP)
        }
        #expect(running.process.isRunning, "run-due finished before it could be killed")
        kill(pid, SIGKILL)
        running.process.waitUntilExit()
        let afterKill = try await Self.done(watcher)
        #expect(afterKill > 0 && afterKill < Self.count, "\(afterKill) obligations done when killed")

        let resumed = try CLI.run(["run-due", "--until", "2026-03-12"] + common)
        #expect(resumed.stdout.hasSuffix("\n\(Self.count - afterKill) obligation(s) executed\n"), "\(resumed.stdout.suffix(200)) \(resumed.stderr)")
        #expect(try CLI.run(["run-due", "--until", "2026-03-12"] + common).stdout == "0 obligation(s) executed\n")

        // Every contract terminated on 12 March by exactly one change, every obligation done.
        #expect(try await Self.done(watcher) == Self.count)
        #expect(try await watcher.statePage(.contracts, StateQuery(equal: ["state": "terminated"], limit: 0)).total == Self.count)
        struct Transition: Decodable { let action: String; let on: String }
        var terminations: [String: [String]] = [:]
        for e in try await watcher.events(streamsWithPrefix: "contract:") where e.type == "contract-transition" {
            let t = try JSONDecoder().decode(Transition.self, from: Data(e.payload.utf8))
            if t.action == "terminate" { terminations[e.stream, default: []].append(t.on) }
        }
        #expect(terminations.count == Self.count && terminations.values.allSatisfy { $0 == ["2026-03-12"] })
        try await watcher.close()
        try await cleanUp()
    }

    /// 004 §15.1 from the command line: an imported Workplace module's revision is scheduled on its first anniversary
    /// month, fails without index values, is taken up again when `catalog indices` records them, and runs once
    /// (12.00 × (½ × 330/320 + ½ × 105/110) = 11.91, the spec's worked example).
    @Test func anImportedModuleIsRevisedOnceTheIndicesAreRecorded() throws {
        let dir = try CLI.scratchFolder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (common, _) = try ContractCLITests.imported(in: dir, customers: "externalId,name,kind,territory\nCRM-1,Atelier,business,FR\n", contracts: """
            externalId,customer,offering,orderedOn,engagementMonths,quantity,state,activatedOn
            W-1,CRM-1,wte-pack-calling,2025-03-15,36,2,active,2025-04-01
            """)
        let failed = try CLI.run(["run-due", "--until", "2026-03-01"] + common)
        #expect(failed.stdout.contains("revise: failed — index 'syntec' has no value published on or before 2026-03-01"), "\(failed.stdout) \(failed.stderr)")
        let file = dir.appendingPathComponent("indices.csv")
        try "syntec,2025-02-01,320.0\nsyntec,2026-02-01,330.0\ninsee-010765308,2025-02-01,110.0\ninsee-010765308,2026-02-01,105.0\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let recorded = try CLI.run(["catalog", "indices", file.path] + common)
        #expect(recorded.stdout.hasPrefix("recorded 4 values (4 held)\nrevision of contract:ctr_") && recorded.stdout.hasSuffix(" on 2026-03-01 scheduled again\n"),
                "\(recorded.stdout) \(recorded.stderr)")
        #expect(try CLI.run(["catalog", "indices"] + common).stdout.hasPrefix("insee-010765308 2025-02-01 110.000\n"))
        let revised = try CLI.run(["run-due", "--until", "2026-03-01"] + common)
        #expect(revised.stdout.contains("revise: done — monthly fee 12.00 → 11.91 from 2026-03-01\n1 obligation(s) executed"), "\(revised.stdout)")
        #expect(try CLI.run(["run-due", "--until", "2026-03-01"] + common).stdout == "0 obligation(s) executed\n")
        let bad = try CLI.run(["catalog", "indices", dir.appendingPathComponent("none.csv").path] + common)
        #expect(bad.status != 0 && bad.stderr.contains("none.csv: cannot be read"), "\(bad.stderr)")
    }
}
