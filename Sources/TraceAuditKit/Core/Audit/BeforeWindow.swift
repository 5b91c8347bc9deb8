/// What lies between the cutoff and a window's start, which the window's scan does not read: with
/// such a window, the first violation the report counts need not be the first of all.
public enum BeforeWindow: Hashable, Sendable {
    /// No violation before the window. `first` is the window's own first violation (the first of
    /// all), nil when the window holds none.
    case clean(first: Violation?)
    /// Violations began before the window; `first` is the earliest of all.
    case violated(first: Violation)

    /// The earliest violation of the whole table, when it is known.
    public var trueFirst: Violation? {
        switch self {
        case .clean(let first): return first
        case .violated(let first): return first
        }
    }

    /// Whether violations lie before the window.
    public var hasViolations: Bool {
        if case .violated = self { return true }
        return false
    }

    /// What the earliest violation up to the window's first (nil when none) says about the window
    /// starting at `since`.
    init(first: Violation?, since: Instant) {
        if let first, first.createdAt < since {
            self = .violated(first: first)
        } else {
            self = .clean(first: first)
        }
    }
}
