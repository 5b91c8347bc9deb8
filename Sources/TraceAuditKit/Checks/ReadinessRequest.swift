/// What the `readiness` check asks besides the policy of its `AuditRequest`: how many days, what
/// counts as clean, and the logs whose entries also break days.
public struct ReadinessRequest: Hashable, Sendable {
    /// Log files (`--logs`, `-` for standard input) whose POLICY_VIOLATION entries also break days.
    public var logFiles: [String] = []
    /// The span a filtered log export covers, as its user states it (`--logs-cover SINCE..UNTIL`);
    /// nil: the records' own span.
    public var logsCover: TimeWindow?
    /// The complete days required clean (`--days`, default 7).
    public var days = 7
    /// A `--logs` input with no log records passes (`--allow-empty`); by default it cannot be checked.
    public var allowEmpty = false
    /// Complete days without succeeded jobs count as clean (`--allow-empty-days`); by default
    /// they are not (`--require-traffic` names the default).
    public var allowEmptyDays = false
    /// Job types seen in the last 30 days without a traced success in the window make the verdict
    /// NOT READY (`--require-all-types`); by default they are listed.
    public var requireAllTypes = false
    /// The verdict's instant: the streak ends here.
    public var now: Instant = .now

    /// Days without succeeded jobs are not clean: the default.
    public var requireTraffic: Bool { !allowEmptyDays }

    public init() {}
}
