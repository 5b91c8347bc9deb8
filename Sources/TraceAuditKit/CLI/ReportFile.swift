/// One `--report FORMAT=PATH` (or `FORMAT+=PATH`): a further report of the same audit, written to
/// its own file in its own format.
public struct ReportFile: Hashable, Sendable {
    /// The report's format.
    public var format: OutputFormat
    /// The file, as given.
    public var path: String
    /// `FORMAT+=PATH`: add the report after what the file holds (a step summary shared by the
    /// step's commands) instead of replacing the file atomically.
    public var appends: Bool

    public init(format: OutputFormat, path: String, appends: Bool = false) {
        self.format = format
        self.path = path
        self.appends = appends
    }

    /// How messages name it: `--report junit=` (the path follows).
    var option: String { "--report \(format.rawValue)\(appends ? "+=" : "=")" }

    /// Splits `FORMAT=PATH` or `FORMAT+=PATH` into its parts; nil when there is no `=`.
    static func split(_ text: String) -> (format: String, path: String, appends: Bool)? {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        var format = text[..<equals]
        let appends = format.hasSuffix("+")
        if appends { format = format.dropLast() }
        return (String(format), String(text[text.index(after: equals)...]), appends)
    }
}
