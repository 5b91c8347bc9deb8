/// ANSI styling, or none: color only on a terminal, never when NO_COLOR is set or TERM is dumb.
struct Style {
    /// Whether escape codes are written.
    let enabled: Bool

    /// The style for a stream: `isTerminal` from isatty, the environment for NO_COLOR and TERM.
    init(isTerminal: Bool, environment: [String: String]) {
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        enabled = isTerminal && !noColor && environment["TERM"] != "dumb"
    }

    init(enabled: Bool) {
        self.enabled = enabled
    }

    func red(_ text: String) -> String { wrap(text, "1;31") }
    func green(_ text: String) -> String { wrap(text, "1;32") }
    func yellow(_ text: String) -> String { wrap(text, "33") }
    func bold(_ text: String) -> String { wrap(text, "1") }
    func dim(_ text: String) -> String { wrap(text, "2") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[" + code + "m" + text + "\u{1B}[0m" : text
    }
}
