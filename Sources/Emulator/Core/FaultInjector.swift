import Model

/// `--latency-ms`, `--fail-rate`, `--reset-rate`, `--seed`.
struct FaultConfiguration: Sendable, Equatable {
    /// Added to every answer (the server schedules the response; no thread sleeps).
    var latencyMilliseconds = 0
    /// Fraction of mutating requests answered 503 before anything is done.
    var failRate = 0.0
    /// Fraction of requests whose connection is closed without an answer.
    var resetRate = 0.0
    var seed: UInt64 = 0

    init(latencyMilliseconds: Int = 0, failRate: Double = 0, resetRate: Double = 0, seed: UInt64 = 0) {
        self.latencyMilliseconds = latencyMilliseconds
        self.failRate = failRate
        self.resetRate = resetRate
        self.seed = seed
    }

    var injectsFaults: Bool { failRate > 0 || resetRate > 0 }
}

/// What happens to one request.
enum FaultDecision: Sendable, Equatable {
    case proceed
    /// 503 before doing anything.
    case fail
    /// Close the connection without an answer.
    case reset
}

/// Draws fault decisions from a seeded generator. Two rolls per request, always, so the
/// sequence for a given seed depends only on the order of requests.
struct FaultInjector: Sendable {
    let configuration: FaultConfiguration
    private var generator: SplitMix64

    init(configuration: FaultConfiguration) {
        self.configuration = configuration
        generator = SplitMix64(seed: configuration.seed)
    }

    /// The decision for a request given its two rolls in [0, 1). Pure.
    static func decision(resetRoll: Double, failRoll: Double, isMutating: Bool, configuration: FaultConfiguration) -> FaultDecision {
        if resetRoll < configuration.resetRate { return .reset }
        if isMutating && failRoll < configuration.failRate { return .fail }
        return .proceed
    }

    mutating func decide(isMutating: Bool) -> FaultDecision {
        guard configuration.injectsFaults else { return .proceed }
        let resetRoll = generator.nextUnit()
        let failRoll = generator.nextUnit()
        return Self.decision(resetRoll: resetRoll, failRoll: failRoll, isMutating: isMutating, configuration: configuration)
    }

    /// Whether a method changes the topology (the ones `--fail-rate` applies to).
    static func isMutating(_ method: String) -> Bool {
        method == "POST" || method == "PUT" || method == "DELETE"
    }
}
