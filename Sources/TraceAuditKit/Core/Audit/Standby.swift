/// How fresh a hot standby's data is, read in the audit's own transaction: the commit time of the
/// last transaction it replayed from its primary, and how long before the audit that was.
public struct Standby: Hashable, Sendable {
    /// The commit time of the last replayed transaction; nil when none has been replayed since the
    /// standby started.
    public var lastReplayedAt: Instant?
    /// Seconds between that commit and the start of the audit's transaction; nil with no replay.
    public var lagSeconds: Double?

    public init(lastReplayedAt: Instant?, lagSeconds: Double?) {
        self.lastReplayedAt = lastReplayedAt
        self.lagSeconds = lagSeconds
    }

    /// One line for people: "standby: data as of … (N s behind at the start of the audit)".
    var summary: String {
        guard let lastReplayedAt else { return "standby: no transaction replayed since it started; its data may be stale" }
        return "standby: data as of \(lastReplayedAt) (the last replayed commit, \(Standby.seconds(lagSeconds ?? 0)) before the audit)"
    }

    /// `12.3 s`, with one decimal.
    static func seconds(_ value: Double) -> String {
        let tenths = Int((max(value, 0) * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) s"
    }
}
