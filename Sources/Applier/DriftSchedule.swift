/// When drift repair runs: every `interval` seconds, and sooner while ops are stuck (retried
/// three times or more: MidoNet may have lost objects they need), 5 s after the last pass.
///
/// A pass that failed (MidoNet unreachable, most often) doubles that shorter wait, up to
/// `interval`: a pass reads every translation and the keys of every queued op before it asks
/// MidoNet anything, and with a large store and MidoNet down, passes 5 s apart kept more than a
/// core busy (20,000 Services, 730,000 queued ops: a failed pass every ~6 s for 29 minutes).
struct DriftSchedule: Sendable, Equatable {
    /// The wait for stuck ops after a pass that worked.
    static let shortestStuckWait = 5.0

    let interval: Double
    /// How long after the last pass a stuck op brings the next one.
    private(set) var stuckWait: Double

    init(interval: Double) {
        self.interval = interval
        stuckWait = min(Self.shortestStuckWait, interval)
    }

    /// Whether a pass is due `elapsed` seconds after the last one.
    func isDue(elapsed: Double, stuck: Bool) -> Bool {
        elapsed >= interval || (stuck && elapsed >= stuckWait)
    }

    mutating func passed() { stuckWait = min(Self.shortestStuckWait, interval) }

    mutating func failed() { stuckWait = min(stuckWait * 2, interval) }
}
