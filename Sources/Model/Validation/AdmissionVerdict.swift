/// What the Validator decided: allowed or not, every violation found, and warnings for what
/// MidoNet will not program. `response` turns it into the wire answer.
public struct AdmissionVerdict: Sendable, Equatable {
    /// Every reason to deny, in the order the fields appear; empty when allowed.
    public private(set) var violations: [Violation]
    /// Warnings, already safe for kube-apiserver (no control characters, under 120 characters), unique.
    public private(set) var warnings: [String]

    /// A verdict with these violations (none: allowed) and warnings (sanitized, repeats dropped).
    public init(violations: [Violation] = [], warnings: [String] = []) {
        self.violations = violations
        self.warnings = []
        add(warnings: warnings)
    }

    /// Allowed, no warnings.
    public static let allowed = AdmissionVerdict()

    /// Denied for these reasons.
    public static func denied(_ violations: [Violation]) -> AdmissionVerdict {
        AdmissionVerdict(violations: violations)
    }

    /// The same verdict with more warnings.
    public func withWarnings(_ texts: [String]) -> AdmissionVerdict {
        var copy = self
        copy.add(warnings: texts)
        return copy
    }

    /// Whether the object may be stored.
    public var isAllowed: Bool { violations.isEmpty }

    /// At most this many violations are spelled out in `message`; all stay in `violations`.
    /// 20 keeps the user's error readable while a slice of 1000 bad endpoints is still explained.
    public static let messageLimit = 20

    /// The violations joined with `; `, the first `messageLimit` of them, then how many more.
    public var message: String {
        var parts = violations.prefix(Self.messageLimit).map(\.description)
        if violations.count > Self.messageLimit { parts.append("and \(violations.count - Self.messageLimit) more") }
        return parts.joined(separator: "; ")
    }

    /// The wire answer: `.allowed` or `.denied(message)`, with the warnings.
    public var response: AdmissionResponse {
        (isAllowed ? AdmissionResponse.allowed : .denied(message)).withWarnings(warnings)
    }

    mutating func add(violation: Violation) {
        violations.append(violation)
    }

    mutating func add(warning text: String) {
        let clean = AdmissionResponse.sanitizedWarning(text)
        if !clean.isEmpty && !warnings.contains(clean) { warnings.append(clean) }
    }

    mutating func add(warnings texts: [String]) {
        for text in texts { add(warning: text) }
    }
}
