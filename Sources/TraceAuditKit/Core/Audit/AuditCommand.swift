/// The audit subcommands.
public enum AuditCommand: String, Hashable, Sendable, CaseIterable {
    /// Every check in one scan: violations, undated, legacy, distribution and daily compliance.
    case check
    /// The violations check alone, as a diagnosis: rows, breakdown by type, first and last.
    case violations
    /// Legacy jobs (before the cutoff) without a trace.
    case legacy
    /// Succeeded jobs since the cutoff by trace presence.
    case distribution
    /// Compliance per UTC day.
    case daily
    /// POLICY_VIOLATION entries in the orchestrator's logs, and with `--db` the cross-check.
    case logs
    /// The strict-mode activation criterion: N complete days without violations.
    case readiness
    /// The table's size and indexes, the indexes that would help, and whether the plans use them.
    case doctor

    /// Whether the command lists violation rows.
    var listsViolations: Bool { self == .check || self == .violations }
}
