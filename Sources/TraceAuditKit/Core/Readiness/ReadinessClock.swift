/// The clock that dates a succeeded job for readiness: when it succeeded.
///
/// A job succeeds when its row last changes, so `updated_at` dates it; where `updated_at` is NULL
/// or unreadable, or earlier than `created_at` (clock skew: a job cannot succeed before it was
/// created), the job is dated by `created_at`. A table without a usable `updated_at` column is
/// dated by `created_at` throughout. The column's name lives here only.
enum ReadinessClock: String, Sendable, Equatable {
    /// updated_at, else created_at for a job whose updated_at is NULL or unreadable.
    case updatedAt = "updated_at"
    /// created_at: the table has no updated_at column the audit can read.
    case createdAt = "created_at"

    /// The column that dates when a job succeeded, when the table has it.
    static let successColumn = "updated_at"

    /// The clock for a table with these columns (lowercased name to type): updated_at when the
    /// table has it (on PostgreSQL, as a timestamp), else created_at.
    init(columns: [String: String], dialect: Dialect) {
        guard let type = columns[ReadinessClock.successColumn] else {
            self = .createdAt
            return
        }
        self = dialect == .postgresql && !type.hasPrefix("timestamp") ? .createdAt : .updatedAt
    }

    /// The column's name.
    var column: String { rawValue }

    /// How a report says which clock dated the jobs.
    var explanation: String {
        switch self {
        case .updatedAt: "days are when each job succeeded: the later of updated_at and created_at (created_at where updated_at is NULL or unreadable)"
        case .createdAt: "days are by created_at: the table has no updated_at timestamp column to tell when a job succeeded"
        }
    }
}
