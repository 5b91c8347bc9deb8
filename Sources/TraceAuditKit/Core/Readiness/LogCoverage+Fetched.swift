extension LogCoverage {
    /// What a fetch learnt of one part of its span: the part (none crosses a UTC midnight) and
    /// the oldest record of any kind the log store returned for the function in it, nil when it
    /// returned none.
    public struct FetchedPart: Sendable, Equatable {
        public var window: TimeWindow
        public var firstRecord: Instant?

        public init(window: TimeWindow, firstRecord: Instant?) {
            self.window = window
            self.firstRecord = firstRecord
        }
    }

    /// The time a fetch is evidence for, from the records the log store still holds, never from
    /// the span asked for: a store answers a window older than its retention, or one it lost, with
    /// nothing, exactly as it answers a quiet one.
    ///
    /// `parts` tile the fetched span, oldest first. A part in which the store returned a record of
    /// the function is covered: whole when the part before it was covered too, else only from its
    /// first record on (before that record the store may have held nothing). A part without a
    /// record is not covered, whatever the reason (past the plan's log retention, an outage, or a
    /// day without traffic): silence there proves nothing. The last covered part reaches the end
    /// of the span asked for, the instant the fetch asked up to.
    public static func fetched(_ parts: [FetchedPart]) -> LogCoverage {
        var spans: [TimeWindow] = []
        var previousCovered = false
        for part in parts {
            guard let first = part.firstRecord, let since = part.window.since, let until = part.window.until, first < until else {
                previousCovered = false
                continue
            }
            spans.append(TimeWindow(since: previousCovered ? since : max(since, first), until: until))
            previousCovered = true
        }
        return LogCoverage(spans, source: .fetched)
    }
}
