/// The time the logs are evidence for: the spans within which the log source saw every record. A
/// day without POLICY_VIOLATION entries is log-clean only when these spans contain the whole day
/// (today: up to now); silence outside them proves nothing.
///
/// The log source supplies it: files by their records (from the first to the last record of any
/// kind, each input on its own), a filtered export by the span its user states (`--logs-cover`),
/// a fetch by the records the log store still holds (`fetched(_:)`), never by the span it asked for.
public struct LogCoverage: Sendable, Equatable {
    /// How the spans were learnt.
    public enum Source: String, Sendable, Equatable {
        /// From the records read: each input's first to last timestamp.
        case records
        /// Stated by the user for a filtered export (`--logs-cover`).
        case stated
        /// From a fetch: the parts of its span in which the log store returned records (`fetched(_:)`).
        case fetched
    }

    /// The covered spans, sorted, overlapping and touching spans merged; each has both bounds.
    public let spans: [TimeWindow]
    public let source: Source

    /// Coverage made of `windows` (those open on a side are ignored: a span must be bounded).
    public init(_ windows: [TimeWindow], source: Source) {
        let bounded = windows.compactMap { window -> (Instant, Instant)? in
            guard let since = window.since, let until = window.until, since < until else { return nil }
            return (since, until)
        }.sorted { $0.0 < $1.0 }
        var merged: [(Instant, Instant)] = []
        for span in bounded {
            if let last = merged.last, span.0 <= last.1 {
                merged[merged.count - 1].1 = max(last.1, span.1)
            } else {
                merged.append(span)
            }
        }
        spans = merged.map { TimeWindow(since: $0.0, until: $0.1) }
        self.source = source
    }

    /// The earliest covered instant and the first instant after the latest span; nil when nothing is covered.
    public var bounds: TimeWindow? {
        guard let first = spans.first?.since, let last = spans.last?.until else { return nil }
        return TimeWindow(since: first, until: last)
    }

    /// Whether a span contains `instant` (each span from its start up to, not including, its end).
    public func contains(_ instant: Instant) -> Bool {
        spans.contains { $0.contains(instant) }
    }

    /// Whether the spans contain every instant from `since` up to (not including) `until`.
    public func contains(since: Instant, until: Instant) -> Bool {
        guard since < until else { return true }
        return spans.contains { span in span.since! <= since && until <= span.until! }
    }

    /// Whether the spans contain `day` whole, or, for today, from its start up to `now`.
    public func covers(_ day: UTCDay, now: Instant) -> Bool {
        let end = UTCDay(number: day.number + 1).start
        return contains(since: day.start, until: min(end, now))
    }
}
