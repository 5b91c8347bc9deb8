/// What the command line knows of each command: its line in help, the formats it writes, and
/// which options type it takes.
extension AuditCommand {
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
