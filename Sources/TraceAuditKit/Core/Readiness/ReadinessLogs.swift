/// The logs as readiness' evidence: the POLICY_VIOLATION entries by UTC day and the time the log
/// source covers. Log files make it from their records (`ReadinessReport.readLogs`); a fetch makes
/// it from the entries it received and the records the store still holds (`LogCoverage.fetched`).
public struct ReadinessLogs: Sendable {
    /// POLICY_VIOLATION entries per UTC day; nil: entries without a time.
    public var entriesByDay: [UTCDay?: Int]
    /// The time the source saw whole.
    public var coverage: LogCoverage

    public init(entriesByDay: [UTCDay?: Int], coverage: LogCoverage) {
        self.entriesByDay = entriesByDay
        self.coverage = coverage
    }
}
