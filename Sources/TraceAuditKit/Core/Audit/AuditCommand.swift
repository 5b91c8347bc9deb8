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

    /// One line for the command list in help.
    var summary: String {
        switch self {
        case .check: return "run every check of the trace-ID policy (the default)"
        case .violations: return "diagnose violations: rows, types, first and last, what to look at next"
        case .legacy: return "count legacy jobs (before the cutoff) without a trace; tolerated"
        case .distribution: return "succeeded jobs since the cutoff: has_trace / missing_trace"
        case .daily: return "compliance per UTC day for the last N days (--days, default 30)"
        case .logs: return "find POLICY_VIOLATION entries in logs; with --db, cross-check them against the table"
        case .readiness: return "strict-mode verdict: today and the last N complete UTC days (--days, default 7) clean, with evidence"
        case .doctor: return "table size, indexes, the index DDL that would help, and whether the plans use them"
        }
    }

    /// Whether the command lists violation rows.
    var listsViolations: Bool { self == .check || self == .violations }

    /// Whether the command is one of the table's checks (it scans the table and nothing else).
    var isTableCheck: Bool {
        if case .tableCheck = kind { return true }
        return false
    }

    /// The formats the command can write.
    var formats: [OutputFormat] {
        switch self {
        case .violations: return OutputFormat.allCases
        case .daily: return OutputFormat.allCases.filter { $0 != .ids }
        case .check, .legacy, .distribution: return OutputFormat.allCases.filter { $0 != .csv && $0 != .ids }
        case .logs: return OutputFormat.allCases.filter { !OutputFormat.reportPages.contains($0) }
        case .readiness: return OutputFormat.allCases.filter { $0 != .csv && $0 != .ids }
        case .doctor: return [.table, .json]
        }
    }
}

extension AuditCommand {
    /// The commands by what they read and which options type they take.
    enum Kind {
        case tableCheck(TableCheck)
        case logs
        case readiness
        case doctor
    }

    var kind: Kind {
        switch self {
        case .check: .tableCheck(.check)
        case .violations: .tableCheck(.violations)
        case .legacy: .tableCheck(.legacy)
        case .distribution: .tableCheck(.distribution)
        case .daily: .tableCheck(.daily)
        case .logs: .logs
        case .readiness: .readiness
        case .doctor: .doctor
        }
    }
}
