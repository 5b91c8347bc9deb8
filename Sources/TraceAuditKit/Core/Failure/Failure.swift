/// Why an audit could not be carried out (exit 3), as a value: its kind, classified by codes and by
/// facts the tool reads (SQLSTATE, libpq's connection state, curl's result, errno), never by the
/// text of a message; and the facts a person needs to fix it. Only the renderer (`FailureText`,
/// Rendering) turns it into words: the one `traceaudit: error:` line, the JUnit `<error>` and the
/// ERROR e-mail all come from it.
public struct Failure: Error, Equatable, Sendable {
    /// What failed.
    public var kind: Kind
    /// What the failure concerns: the database target as the server names it (never with a
    /// password), the snapshot or file path, or the HTTP host (never the rest of the URL).
    public var target: String
    /// The audited table, when the failure concerns it.
    public var table: String?
    /// Every field of the server's error, when the server sent one.
    public var server: ServerError?
    /// The statement that failed, as its `Query.path` (`Queries/postgresql/scan.sql`), or the HTTP
    /// request by its method and host only (`GET api.supabase.com`).
    public var statement: String?
    /// The cause in the words of the library or system call that reported it (libpq's, SQLite's,
    /// curl's, errno's), or the tool's own sentence for a local file; never the audited data.
    public var reason: String?
    /// What the tool was doing, when the kind alone does not say it (`could not fetch the
    /// orchestrator logs from … to …`).
    public var context: String?
    /// How to fix it, when the place that failed knows better than the kind.
    public var remedy: String?

    public init(
        _ kind: Kind, target: String, table: String? = nil, server: ServerError? = nil, statement: String? = nil,
        reason: String? = nil, context: String? = nil, remedy: String? = nil
    ) {
        self.kind = kind
        self.target = target
        self.table = table
        self.server = server
        self.statement = statement
        self.reason = reason
        self.context = context
        self.remedy = remedy
    }

    /// A local failure whose sentence the failing place wrote: reading a log, writing a report.
    public static func local(_ kind: Kind, _ sentence: String, target: String = "") -> Failure {
        Failure(kind, target: target, reason: sentence)
    }

    /// The SQLSTATE, when the server sent one.
    public var sqlState: String? { server?.sqlState }
}
