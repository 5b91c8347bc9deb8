/// The violations a team acknowledged when it adopted the gate (`--baseline FILE`): the job ids
/// of a previous JSON report (`traceaudit violations --all --format json`), or a plain list, one
/// id a line, blank lines and `#` comment lines ignored. Only violations not in it fail the gate.
public struct Baseline: Hashable, Sendable {
    /// The acknowledged job ids, as text.
    public var ids: Set<String>

    public init(ids: Set<String>) {
        self.ids = ids
    }

    /// Whether `violation` is acknowledged; a violation without an id never is.
    func acknowledges(_ violation: Violation) -> Bool {
        violation.id.map(ids.contains) ?? false
    }

    /// Reads the baseline file at `path`; fails (exit 3) when it cannot be read or is a report
    /// that does not list every violation.
    static func read(path: String) throws(TraceAuditError) -> Baseline {
        let shown = Escape.terminal(path)
        guard let bytes = OS.readFile(path) else { throw .cannotCheck("cannot read --baseline \(shown): \(OS.lastErrorText)") }
        return try parse(String(decoding: bytes, as: UTF8.self), shown: shown)
    }

    /// Reads a baseline's text: a JSON report when it starts with `{`, else a list of ids.
    static func parse(_ text: String, shown: String) throws(TraceAuditError) -> Baseline {
        let trimmed = text.drop { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{FEFF}" }
        guard trimmed.first == "{" else {
            let lines = text.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
            let ids = lines.map { $0.trimmingSpace() }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
            return Baseline(ids: Set(ids))
        }
        guard let report = JSONNode.parse(String(trimmed)), let violations = report["violations"],
            case .array(let rows)? = violations["rows"]
        else {
            throw .cannotCheck(
                "--baseline \(shown) is not a traceaudit JSON report with violations.rows; make one with traceaudit violations --all --format json")
        }
        if violations["truncated"] == .bool(true) {
            let count = violations["count"]?.text ?? "?"
            throw .cannotCheck(
                "--baseline \(shown) lists \(rows.count) of \(count) violations (made with a --limit); make it with traceaudit violations --all --format json")
        }
        return Baseline(ids: Set(rows.compactMap { $0["id"]?.text }))
    }
}

extension Substring {
    fileprivate func trimmingSpace() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
