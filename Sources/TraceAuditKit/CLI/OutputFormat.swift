/// How a report is written.
public enum OutputFormat: String, Hashable, Sendable, CaseIterable {
    /// Aligned text for people; colored only on a terminal and never when NO_COLOR is set.
    case table
    /// One JSON object for programs; the schema is documented in README.md and kept stable.
    case json
}
