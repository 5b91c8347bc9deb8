/// The options of `doctor`: it always passes and reads no rows, so it takes no window, no
/// `--quiet` and no `--warn-only`.
public struct DoctorOptions: Hashable, Sendable {
    public var database: DatabaseOptions
    /// The policy (table and cutoff) the plans are explained for.
    public var request = AuditRequest()
    /// Table or JSON, to standard output or `--output`.
    public var destination = ReportDestination()

    public init(database: DatabaseOptions) {
        self.database = database
    }
}
