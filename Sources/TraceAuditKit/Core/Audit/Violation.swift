/// A succeeded job created on or after the cutoff without a trace: what on-call needs to diagnose it.
public struct Violation: Hashable, Sendable {
    /// The job's id, as text whatever its column type; nil when the column is NULL.
    public var id: String?
    /// The job's type, which names the code path that skipped the trace.
    public var type: String?
    /// When the job was created.
    public var createdAt: Instant
    /// When the job last changed, as stored.
    public var updatedAt: RecordedTime?
    /// The correlation id, to find the job's logs.
    public var correlationId: String?
    /// The trace id as stored: nil (NULL) or the empty string.
    public var traceId: String?
    /// Listed in the `--baseline`: counted and shown, but it does not fail the gate.
    public var acknowledged = false
}

/// A timestamp column's value: an instant when it could be read, else the stored text.
public enum RecordedTime: Hashable, Sendable, CustomStringConvertible {
    /// A readable timestamp.
    case instant(Instant)
    /// A value that is not a timestamp in any accepted form, kept as stored.
    case unreadable(String)

    /// ISO 8601 UTC for an instant, the stored text otherwise.
    public var description: String {
        switch self {
        case .instant(let instant): return instant.description
        case .unreadable(let text): return text
        }
    }
}
