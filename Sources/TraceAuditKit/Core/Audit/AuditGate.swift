/// What turns an audit's numbers into the gate's verdict: the thresholds of a gradual rollout
/// (`--max-violations`, `--min-compliance`) and what a baseline (`--baseline`) acknowledged.
/// The default is the policy's own: zero violations.
public struct AuditGate: Hashable, Sendable {
    /// The most violations not in the baseline that still pass (`--max-violations`, default 0).
    public var maxViolations = 0
    /// The least share of post-cutoff succeeded jobs in the window with a trace, in percent
    /// (`--min-compliance`); nil for none.
    public var minCompliancePercent: Double?
    /// Whether a baseline was given.
    public var hasBaseline = false
    /// Violations the baseline lists, counted among every violation (not only the rows listed).
    public var acknowledged = 0
    /// Baseline ids that are no longer violations, sorted: remove them so the list shrinks.
    public var stale: [String] = []
    /// Under a window, baseline ids whose created_at lies outside it (or is not in the baseline):
    /// not checked by this run, so neither fixed nor still violations. Sorted.
    public var outsideWindow: [String] = []
    /// Ids that more than one violation of the table carries (the table's id is not unique):
    /// a baseline entry acknowledges one of them only.
    public var duplicateIds: [String] = []

    /// Whether a threshold or a baseline is given: then the reports say what decided the verdict.
    public var isSet: Bool { hasBaseline || maxViolations > 0 || minCompliancePercent != nil }

    public init(maxViolations: Int = 0, minCompliancePercent: Double? = nil) {
        self.maxViolations = maxViolations
        self.minCompliancePercent = minCompliancePercent
    }

    /// What decided a verdict, as the JSON's `verdict.decided_by` names it.
    public enum Decision: String, Hashable, Sendable {
        /// No violation at all: the policy holds.
        case policy
        /// Succeeded jobs without a trace and without a readable created_at fail a whole-table run
        /// whatever the thresholds (in a window they belong to no window and are only reported).
        case undated
        /// `--max-age` or `--min-jobs`: the window shows too little traffic to speak for it.
        case freshness
        /// Violations not in the baseline, against `--max-violations` (0 by default).
        case maxViolations = "max_violations"
        /// The window's compliance against `--min-compliance`.
        case minCompliance = "min_compliance"
        /// Every violation is in the baseline.
        case baseline
    }
}

extension AuditReport {
    /// Violations the baseline does not list.
    public var newViolations: Int { violationCount - gate.acknowledged }

    /// The share of post-cutoff succeeded jobs in the window with a trace, in percent; nil without
    /// jobs, and for `violations`, whose scan reads only the jobs without a trace.
    public var compliancePercent: Double? {
        guard command != .violations, distribution.total > 0 else { return nil }
        return Double(distribution.hasTrace) * 100 / Double(distribution.total)
    }

    /// What decided `passed`.
    public var decidedBy: AuditGate.Decision {
        if undatedDecidesVerdict && undated.missingTrace > 0 { return .undated }
        if !freshness.passed { return .freshness }
        if newViolations > gate.maxViolations { return .maxViolations }
        if let minimum = gate.minCompliancePercent, let compliance = compliancePercent, compliance < minimum { return .minCompliance }
        if violationCount == 0 { return .policy }
        if newViolations == 0 && gate.hasBaseline { return .baseline }
        return .maxViolations
    }

    /// The decision in words, for every format's verdict line.
    public var decisionText: String {
        let new = gate.hasBaseline ? "\(newViolations) not in the baseline" : "\(violationCount) \(violationCount == 1 ? "violation" : "violations")"
        switch decidedBy {
        case .policy: return "no violation"
        case .undated: return "\(undated.missingTrace) succeeded jobs without trace_id have no readable created_at"
        case .freshness: return freshness.failureMessage ?? "too little traffic"
        case .maxViolations: return "\(new) against --max-violations \(gate.maxViolations)"
        case .minCompliance:
            let shown = complianceAgainstMinimum
            return "compliance \(shown?.compliance ?? "0.00")% against --min-compliance \(shown?.minimum ?? "0.00")%"
        case .baseline: return "all \(violationCount) violations are in the baseline"
        }
    }

    /// The baseline's counts in one line, or nil without a baseline.
    public var baselineText: String? {
        guard gate.hasBaseline else { return nil }
        var text = "baseline: \(gate.acknowledged) acknowledged, \(newViolations) new"
        func add(_ ids: [String], _ what: String) {
            guard !ids.isEmpty else { return }
            text += "; \(ids.count) \(what): \(ids.prefix(10).joined(separator: ", "))\(ids.count > 10 ? ", …" : "")"
        }
        add(gate.stale, "stale (no longer violations, remove them)")
        add(gate.outsideWindow, "outside the window (not checked)")
        add(gate.duplicateIds, "id\(gate.duplicateIds.count == 1 ? "" : "s") on more than one violation (each entry acknowledges one)")
        return text
    }

    static func percent(_ value: Double, digits: Int = 2) -> String {
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = Int64((value * Double(scale)).rounded())
        guard digits > 0 else { return String(scaled) }
        let fraction = String(scaled % scale)
        return String(scaled / scale) + "." + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    /// The compliance and the minimum, each with two decimals, or with as many more as it takes
    /// to tell them apart when they differ (95.8704 against 95.871 is not "95.87% against 95.87%").
    public var complianceAgainstMinimum: (compliance: String, minimum: String)? {
        guard let compliance = compliancePercent, let minimum = gate.minCompliancePercent else { return nil }
        var digits = 2
        while digits < 12 && compliance != minimum && Self.percent(compliance, digits: digits) == Self.percent(minimum, digits: digits) {
            digits += 1
        }
        return (Self.percent(compliance, digits: digits), Self.percent(minimum, digits: digits))
    }

}
