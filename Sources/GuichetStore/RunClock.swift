import GuichetCore

/// The instant Guichet runs at: the system's, or one set for a simulation, a demo or a test by `--clock` or
/// `$GUICHET_CLOCK` (ISO 8601 with its offset, `2026-05-07T15:00:00+02:00`). A command runs at that instant; the
/// server starts at it and time runs on from there (issue 23).
public struct RunClock: Sendable {
    public let now: @Sendable () -> Instant

    public init(now: @escaping @Sendable () -> Instant) { self.now = now }

    public static let variable = "GUICHET_CLOCK"
    public static let system = RunClock(now: SystemClock.now)

    /// Every reading gives `instant`.
    public static func fixed(_ instant: Instant) -> RunClock { RunClock { instant } }

    /// Starts at `start`, then advances with the system's clock.
    public static func running(from start: Instant) -> RunClock {
        let offset = start.seconds - SystemClock.now().seconds
        return RunClock { SystemClock.now().adding(seconds: offset) }
    }

    /// The clock `option` (else the environment's `GUICHET_CLOCK`) sets — fixed for a command, running for the server —
    /// or the system's when neither is given.
    public static func named(_ option: String?, environment: [String: String], running: Bool) throws(StoreError) -> RunClock {
        guard let text = option ?? environment[variable] else { return .system }
        let start: Instant
        do { start = try Instant(iso: text) } catch {
            throw .invalid(field: option != nil ? "--clock" : variable,
                           reason: "'\(text)' is not an instant with its offset (2026-05-07T15:00:00+02:00)")
        }
        return running ? .running(from: start) : .fixed(start)
    }
}
