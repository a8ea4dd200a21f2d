/// When to try a failed MidoNet call again: capped exponential backoff with jitter, so that a
/// MidoNet restart is not met by every op at once.
///
/// | failed attempt | base delay | with jitter (±25 %) |
/// |---|---|---|
/// | 1 | 0.25 s | 0.19–0.31 s |
/// | 2 | 0.5 s | 0.38–0.63 s |
/// | 3 | 1 s | 0.75–1.25 s |
/// | 4 | 2 s | 1.5–2.5 s |
/// | 5 | 4 s | 3–5 s |
/// | 6 | 8 s | 6–10 s |
/// | 7 | 16 s | 12–20 s |
/// | ≥ 8 | 30 s (cap) | 22.5–37.5 s |
struct RetryPolicy: Sendable {
    var initial: Double = 0.25
    var factor: Double = 2
    var cap: Double = 30
    /// Fraction of the delay added or removed at random.
    var jitter: Double = 0.25

    /// Seconds to wait after the `attempt`-th failure (1-based); `random` in [0, 1).
    func delay(afterFailedAttempt attempt: Int, random: Double) -> Double {
        let exponent = Double(max(0, min(attempt - 1, 30)))
        let base = min(cap, initial * pow(factor, exponent))
        return base * (1 - jitter + 2 * jitter * random)
    }

    func delay(afterFailedAttempt attempt: Int) -> Double {
        delay(afterFailedAttempt: attempt, random: Double.random(in: 0..<1))
    }
}

private func pow(_ base: Double, _ exponent: Double) -> Double {
    var result = 1.0
    var i = 0.0
    while i < exponent {
        result *= base
        i += 1
    }
    return result
}
