/// `--post`: the run's alert, rendered into memory as one more report of the same audit, sent
/// after every report file is in place, when `--notify-on` says so; `--state` then records it.
///
/// The URL (from argv or `@FILE`) and PagerDuty's routing key (from `PAGERDUTY_ROUTING_KEY`) are
/// secrets: they go into the request and nowhere else, and every error names only the host.
final class AlertDelivery {
    let post: AlertPost
    /// The webhook or Events API URL.
    private let url: String
    /// PagerDuty's routing key, added to the body sent (never to a report).
    private let routingKey: String?
    /// The body, written as the reports are.
    let body = AlertBody()

    /// Reads the URL (`@FILE`) and the routing key; fails before the audit starts.
    init(_ post: AlertPost, environment: [String: String]) throws(TraceAuditError) {
        self.post = post
        switch post.address {
        case .url(let url):
            self.url = url
        case .file(let path):
            self.url = try AlertDelivery.readURL(path)
        }
        if post.format == .pagerduty {
            guard let key = environment["PAGERDUTY_ROUTING_KEY"], !key.isEmpty else {
                throw .usage(.invalid("--post with --format pagerduty needs the integration's routing key in PAGERDUTY_ROUTING_KEY (never on the command line)"))
            }
            guard key.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
                throw .usage(.invalid("PAGERDUTY_ROUTING_KEY holds a space or a character that is not printable ASCII; copy the integration key again"))
            }
            routingKey = key
        } else {
            routingKey = nil
        }
    }

    /// Values no output may show.
    var secrets: [String] { [url] + (routingKey.map { [$0] } ?? []) }

    /// The state's key for the alert `key` sent here: the alert, the format and a fingerprint of
    /// the URL, so a Slack line and a PagerDuty line (or two channels) sharing one `--state` file
    /// each post their own news.
    func stateKey(_ key: String) -> String {
        key + " " + post.format.rawValue + " " + AlertSummary.fingerprint(url)
    }

    /// Decides, posts and records the alert `key`'s run. Returns nil when the alert was sent or
    /// needed no post, else the error (exit 3) for one line on standard error.
    func deliver(key alert: String, _ current: AlertState.Entry, environment: [String: String]) -> TraceAuditError? {
        let key = stateKey(alert)
        do throws(TraceAuditError) {
            var lock: AlertStateLock?
            var state = AlertState()
            if let path = post.statePath {
                lock = try AlertStateLock(statePath: path, waitMicroseconds: Int64(post.timeoutMilliseconds) * 1000 + 10_000_000)
                state = try AlertState.read(path)
            }
            var entry = current
            if entry.verdict == .error, let previous = state[key] {
                entry.violations = previous.violations
                entry.newest = previous.newest
            }
            if post.notifyOn == .always || AlertState.isNews(entry, after: state[key]) {
                var text = body.text
                if let routingKey { text = PagerDutyWriter.adding(routingKey: routingKey, to: text) }
                try send(text, environment: environment)
            }
            if let path = post.statePath {
                state[key] = entry
                try state.write(path)
            }
            _ = lock
            return nil
        } catch {
            return error
        }
    }

    /// POSTs `text` as JSON with the HTTP client, which retries 429 and 5xx (after `Retry-After`)
    /// within `--timeout`.
    private func send(_ text: String, environment: [String: String]) throws(TraceAuditError) {
        let client = HTTPClient(timeout: .milliseconds(post.timeoutMilliseconds), environment: environment)
        let request = HTTPRequest(.post, url: url, headers: [HTTPHeader("Content-Type", "application/json")], body: Array(text.utf8))
        do {
            _ = try client.send(request)
        } catch {
            throw error.traceAuditError(context: "the alert was not delivered")
        }
    }

    /// The URL in `path`: its first line, trimmed.
    static func readURL(_ path: String) throws(TraceAuditError) -> String {
        let shown = Escape.terminal(path)
        guard let bytes = OS.readFile(path, limit: 1 << 16) else {
            throw .failed(.local(.inputFile, "cannot read the --post URL from \(shown): \(OS.lastErrorIsTooLarge ? "larger than 64 KiB" : OS.lastErrorText)", target: shown))
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let line = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingSpaces } ?? ""
        guard AlertPost.isPostable(line) else {
            throw .usage(.invalid("--post @\(shown): the file's first line is not an https:// URL"))
        }
        return line
    }
}

/// The alert's body in memory: a report lane like a `--report` file, never on disk.
final class AlertBody: ReportFileSink {
    private(set) var text = ""
    func write(_ text: String) { self.text += text }
    func flush() {}
    var closed: Bool { false }
    var failure: String? { nil }
    func prepare() throws(TraceAuditError) {}
    func commit() throws(TraceAuditError) {}
    func discard() {}
    /// Forgets what was written (a run that failed after its reports were written says ERROR instead).
    func reset() { text = "" }
}

extension Substring {
    /// Without spaces and tabs at either end.
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
