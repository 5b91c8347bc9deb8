/// The commands that only scan the table: they take the same options and share one driver
/// (`Auditor`).
public enum TableCheck: String, CaseIterable, Hashable, Sendable {
    case check
    case violations
    case legacy
    case distribution
    case daily

    /// The same command among all of them.
    public var command: AuditCommand {
        switch self {
        case .check: .check
        case .violations: .violations
        case .legacy: .legacy
        case .distribution: .distribution
        case .daily: .daily
        }
    }
}
