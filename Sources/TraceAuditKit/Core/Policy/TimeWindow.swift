/// The span of created_at an audit looks at: `since` included, `until` excluded; nil is open.
///
/// Jobs whose created_at is NULL or unreadable cannot be placed in or out of a window; they are
/// counted as undated whenever the engine reads them (see docs/checks.md: "Time windows").
public struct TimeWindow: Hashable, Sendable {
    /// The first instant looked at, or nil for the beginning of time.
    public var since: Instant?
    /// The first instant no longer looked at, or nil for no end.
    public var until: Instant?

    /// A window; open on both sides by default.
    public init(since: Instant? = nil, until: Instant? = nil) {
        self.since = since
        self.until = until
    }

    /// The whole table.
    public static let all = TimeWindow()

    /// True when the window has no bound.
    public var isOpen: Bool { since == nil && until == nil }

    /// Whether `instant` lies in the window.
    @inline(__always)
    public func contains(_ instant: Instant) -> Bool {
        if let since, instant < since { return false }
        if let until, instant >= until { return false }
        return true
    }
}
