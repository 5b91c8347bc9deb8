/// The options of `readiness`.
public struct ReadinessOptions: Hashable, Sendable {
    public var database: DatabaseOptions
    /// Readiness always reads the whole table, so the request's window stays open.
    public var report = ReportOptions()
    /// The days required, what counts as clean, and the `--logs` files.
    public var readiness = ReadinessRequest()
    /// `--supabase REF`: the logs are fetched from the Supabase Management API (no `--logs`
    /// files); a day is covered only where the API returns the function's records.
    public var supabase: SupabaseSource?

    public init(database: DatabaseOptions) {
        self.database = database
    }
}
