/// The database a command reads and how.
public struct DatabaseOptions: Hashable, Sendable {
    /// Where the jobs table lives.
    public var target: DatabaseTarget
    /// The longest a PostgreSQL statement may run, in milliseconds (`--timeout`, default 300 s).
    /// The parser accepts `--timeout` only for a PostgreSQL target.
    public var timeoutMilliseconds: Int
    /// PostgreSQL: the most parallel workers per query (`--max-parallel`, 0 for one server
    /// process); nil leaves the server's setting. Accepted only for a PostgreSQL target.
    public var maxParallelWorkers: Int?

    public init(target: DatabaseTarget, timeoutMilliseconds: Int = 300_000, maxParallelWorkers: Int? = nil) {
        self.target = target
        self.timeoutMilliseconds = timeoutMilliseconds
        self.maxParallelWorkers = maxParallelWorkers
    }
}
