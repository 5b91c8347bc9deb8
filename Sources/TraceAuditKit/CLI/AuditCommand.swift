/// The audit subcommands.
public enum AuditCommand: String, Hashable, Sendable, CaseIterable {
    /// Every check: violations, legacy, distribution, daily compliance and undated jobs.
    case check

    /// One line for the command list in help.
    var summary: String {
        switch self {
        case .check: return "run every check of the trace-ID policy (the default)"
        }
    }
}
