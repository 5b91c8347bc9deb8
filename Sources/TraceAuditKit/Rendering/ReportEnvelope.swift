/// The keys every JSON report starts with, whatever the command (audit checks, logs, readiness,
/// doctor), built here and nowhere else so that a program can route any report by them:
/// `schema_version`, `tool {name, version}`, `command`, `source {engine, target, table, encrypted,
/// standby}` (null values when no database was read), `window {since, until}` and `generated_at`
/// (ISO 8601 UTC).
/// Keys are only ever added.
enum ReportEnvelope {
    /// The version of the JSON reports' schema.
    static let schemaVersion = 1

    /// The envelope's members, to be followed by the command's own.
    /// `standby`: a hot standby's freshness, learned in the audit's read; nil on a primary.
    static func members(_ context: ReportContext, standby: Standby? = nil) -> [(String, JSONValue)] {
        let hasDatabase = context.engine != nil
        return [
            ("schema_version", .integer(schemaVersion)),
            ("tool", .object([("name", .string("traceaudit")), ("version", .string(context.version))])),
            ("command", .string(context.command.rawValue)),
            ("source", .object([
                ("engine", .optional(context.engine?.rawValue)),
                ("target", hasDatabase ? .string(context.target) : .null),
                ("table", hasDatabase ? .string(context.policy.table.description) : .null),
                ("encrypted", context.encryption.map { .bool($0.encrypted) } ?? .null),
                ("standby", standby.map(ReportContext.standbyJSON) ?? .null),
            ])),
            ("window", .object([
                ("since", .optional(context.window.since?.description)),
                ("until", .optional(context.window.until?.description)),
            ])),
            ("generated_at", .string(context.startedAt.description)),
        ]
    }

    /// A report: the envelope, then `members`.
    static func report(_ context: ReportContext, standby: Standby? = nil, _ members: [(String, JSONValue)]) -> JSONValue {
        .object(self.members(context, standby: standby) + members)
    }
}
