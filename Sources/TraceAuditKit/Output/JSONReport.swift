/// The `--format json` report: one object, schema version 1, documented in README.md.
enum JSONReport {
    /// The report as JSON text followed by a newline.
    static func render(_ report: AuditReport, context: AuditContext, limit: Int?) -> String {
        value(report, context: context, limit: limit).serialized() + "\n"
    }

    static func value(_ report: AuditReport, context: AuditContext, limit: Int?) -> JSONValue {
        .object([
            ("schema_version", .integer(1)),
            ("tool", .object([("name", .string("traceaudit")), ("version", .string(context.version))])),
            ("source", .object([
                ("engine", .string(context.engine.rawValue)), ("target", .string(context.target)),
                ("table", .string(report.policy.table.description)),
            ])),
            ("cutoff", .string(report.policy.cutoff.description)),
            ("passed", .bool(report.passed)),
            ("violations", .object([
                ("count", .integer(report.violationCount)),
                ("truncated", .bool(report.truncated)),
                ("limit", limit.map(JSONValue.integer) ?? .null),
                ("rows", .array(report.violations.map(row))),
            ])),
            ("legacy", .object([
                ("missing_trace", .integer(report.legacy.missingTrace)),
                ("total_succeeded", .integer(report.legacy.total)),
            ])),
            ("distribution", .object([
                ("has_trace", .integer(report.distribution.hasTrace)),
                ("missing_trace", .integer(report.distribution.missingTrace)),
            ])),
            ("daily", .array(report.daily.map(day))),
            ("undated", .object([
                ("missing_trace", .integer(report.undated.missingTrace)),
                ("has_trace", .integer(report.undated.hasTrace)),
            ])),
        ])
    }

    static func row(_ violation: Violation) -> JSONValue {
        .object([
            ("id", .string(violation.id)),
            ("type", .optional(violation.type)),
            ("created_at", .string(violation.createdAt.description)),
            ("updated_at", .optional(violation.updatedAt?.description)),
            ("correlation_id", .optional(violation.correlationId)),
            ("trace_id", .optional(violation.traceId)),
        ])
    }

    static func day(_ day: DailyCompliance) -> JSONValue {
        .object([
            ("day", .string(day.day.description)),
            ("total_succeeded", .integer(day.totalSucceeded)),
            ("with_trace", .integer(day.withTrace)),
            ("without_trace", .integer(day.withoutTrace)),
            ("compliance_percent", .number(day.compliancePercentText)),
        ])
    }
}
