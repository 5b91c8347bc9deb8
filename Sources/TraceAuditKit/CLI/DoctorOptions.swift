/// The options of `doctor`: it always passes and reads no rows, so the option table refuses a
/// window, `--quiet` and `--warn-only` (`report.quiet` and `report.warnOnly` stay false).
public struct DoctorOptions: Hashable, Sendable {
    public var database: DatabaseOptions
    /// The policy (table and cutoff) the plans are explained for; table or JSON, to standard
    /// output or `--output`.
    public var report = ReportOptions()

    public init(database: DatabaseOptions) {
        self.database = database
    }
}
