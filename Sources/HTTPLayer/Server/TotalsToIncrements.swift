import Synchronization

/// Turns running totals kept elsewhere (`ServerStatistics`, a drainer's counters) into the
/// increments a metrics counter wants: each call returns how much a named total grew since the
/// previous call. A total that went down (a restart of whatever keeps it) counts as no growth.
public final class TotalsToIncrements: Sendable {
    private let seen = Mutex<[String: Int]>([:])

    public init() {}

    public func increment(_ name: String, total: Int) -> Int {
        seen.withLock { seen in
            let previous = seen[name, default: 0]
            seen[name] = max(total, previous)
            return max(0, total - previous)
        }
    }
}
