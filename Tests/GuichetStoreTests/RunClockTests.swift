import GuichetCore
import GuichetStore
import Testing

/// Issue 23: the clock a command or the server runs at.
@Suite struct RunClockTests {
    @Test func aCommandRunsAtTheInstantGivenAndTheServerFromIt() throws {
        let start = try Instant(iso: "2026-05-07T15:00:00+02:00")
        #expect(start == (try Instant(iso: "2026-05-07T13:00:00Z")))
        // The option wins over the environment; a command's clock stands still.
        let command = try RunClock.named("2026-05-07T15:00:00+02:00", environment: [RunClock.variable: "2030-01-01T00:00:00Z"], running: false)
        #expect(command.now() == start && command.now() == start)
        let fromEnvironment = try RunClock.named(nil, environment: [RunClock.variable: "2026-05-07T15:00:00+02:00"], running: true)
        let first = fromEnvironment.now()
        #expect(first >= start && first < start.adding(seconds: 5))
        // Without either, the system's.
        let system = try RunClock.named(nil, environment: [:], running: false).now()
        #expect(system > (try Instant(iso: "2026-01-01T00:00:00Z")))
        #expect(throws: StoreError.invalid(field: "--clock", reason: "'2026-05-07 15:00' is not an instant with its offset (2026-05-07T15:00:00+02:00)")) {
            try RunClock.named("2026-05-07 15:00", environment: [:], running: false)
        }
    }
}
