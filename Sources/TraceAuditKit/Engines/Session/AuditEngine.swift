/// A database the audit can read: a SQLite snapshot or a PostgreSQL server. It offers primitives
/// that run the statements of an `AuditPlan`; what both engines do alike (checking the columns,
/// the consistent read, doctor's steps, turning failures into one line) is `AuditSession`'s.
protocol AuditEngine {
    /// What to call the target in reports and messages, never with a password.
    var display: String { get }
    /// The dialect of its SQL.
    var dialect: Dialect { get }
    /// Runs `opening`, then `body`, then `closing`, all in one consistent read.
    func withConsistentRead<T>(opening: [PlannedStatement], closing: [PlannedStatement], _ body: () throws -> T) throws -> T
    /// The table's columns; empty when the table is not there.
    func columns(_ statement: PlannedStatement) throws -> [TableColumn]
    /// PostgreSQL: the standby's freshness, nil on a primary.
    func standby(_ statement: PlannedStatement) throws -> Standby?
    /// SQLite: what the table is, from the plan's `tableKind` statement; nil when it is not there.
    func tableKind(_ statement: PlannedStatement) throws -> TableKind?
    /// The plan's single scan, counted.
    func scan(_ plan: AuditPlan) throws -> AuditTally
    /// Violation rows as `statement` returns them, one at a time.
    func rows(_ statement: PlannedStatement, each: (Violation) throws -> Void) throws
    /// The ids `statement` returns (its first column as text; nil for NULL), in its order.
    func ids(_ statement: PlannedStatement, each: (String?) throws -> Void) throws
    /// The jobs `statement` finds by id.
    func jobs(_ statement: PlannedStatement, each: (FoundJob) throws -> Void) throws
    /// doctor: bytes on disk and a row estimate.
    func size(_ statement: PlannedStatement) throws -> DoctorReport.Size
    /// doctor, PostgreSQL: a partitioned table's partitions.
    func partitions(_ statement: PlannedStatement) throws -> [DoctorReport.Partition]
    /// doctor: the table's indexes.
    func indexes(_ statement: PlannedStatement) throws -> [DoctorReport.Index]
    /// doctor: the engine's plan for `statement`, one line per node; nothing is executed.
    func explain(_ statement: PlannedStatement) throws -> [String]
    /// One line for a person from a failure of this engine, with no secret in it.
    func describe(_ error: any Error, table: TableName) -> TraceAuditError
}

extension AuditEngine {
    /// Engines other than SQLite have no plan statement for it.
    func tableKind(_ statement: PlannedStatement) throws -> TableKind? { nil }
}

/// What a SQLite table is, as pragma_table_list says.
struct TableKind {
    /// 'table', 'view', 'virtual' or 'shadow'.
    var type: String
    /// A WITHOUT ROWID table.
    var withoutRowid: Bool
}

/// A job looked up by id for the log cross-check.
struct FoundJob {
    var id: String
    var status: String?
    var missingTrace: Bool
    var createdAt: Instant?
}
