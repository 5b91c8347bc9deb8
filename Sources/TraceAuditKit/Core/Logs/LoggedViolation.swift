/// One `POLICY_VIOLATION: Job succeeded without trace_id` entry from the orchestrator's logs.
public struct LoggedViolation: Hashable, Sendable {
    /// Where it was read: the input and its line.
    public var source: String
    /// The line the entry starts on.
    public var line: Int
    /// The job's id, when the entry names it.
    public var jobId: String?
    /// The job's type.
    public var type: String?
    /// The job's created_at as logged, read as an instant when it can be.
    public var createdAt: Instant?
    /// The correlation id.
    public var correlationId: String?
    /// The entry's severity: its own `severity` field when it has one, else the logger's level
    /// as a word.
    public var severity: String?
    /// The logger's level as written: `50` (pino), `error` (winston), `WARN` on a text line.
    public var level: String?
    /// The element's position in a JSON array export (0 for the first), nil for a line.
    public var index: Int?
    /// Where the line came from inside the input: the `pod/NAME/CONTAINER` of a
    /// `kubectl logs --prefix` line, or the stream (`stdout`, `stderr`) of a container log.
    public var origin: String?
    /// When the line was logged: the envelope's time (kubectl `--timestamps`, the container
    /// runtime), else the log record's own (`time`, `timestamp`, … of the record or its platform
    /// metadata; the instant that starts a text line).
    public var loggedAt: Instant?
    /// The known cause an earlier record of the same job (same job id or correlation id, within
    /// the look-back) shows, and where that record is: the policy's troubleshooting step.
    public var likelyCause: LikelyCauses.Cause?
    /// False when the entry holds the marker but its fields could not be read (a line cut in the
    /// middle of its JSON, say). It still counts as a logged violation.
    public var readable = true

    /// Where to open it: `file:line`, with the element's index for a JSON array export.
    public var place: String { "\(source):\(line)" + (index.map { " [\($0)]" } ?? "") }

    /// The instant that places the entry in a day and a window: when it was logged, never a job's
    /// field (created_at, a `ts` in the job's object). nil: the entry is undated, counts in every
    /// window and keeps readiness from READY.
    public var when: Instant? { loggedAt }
}
