/// How a report is written. Every machine-read format is documented in docs/formats.md and kept stable.
public enum OutputFormat: String, Hashable, Sendable, CaseIterable {
    /// Aligned text for people; colored only on a terminal and never when NO_COLOR is set.
    case table
    /// One JSON object (schema_version 1).
    case json
    /// JUnit XML, one testcase per check, for CI test-report readers.
    case junit
    /// Markdown for a pull request's step summary or an e-mail body.
    case markdown
    /// GitHub Actions workflow commands: one `::error` annotation per violation (up to 10) and a total.
    case github
    /// The Prometheus text format, for node_exporter's textfile collector.
    case prometheus
    /// RFC 4180 CSV of the rows (`violations` and `daily` only).
    case csv
    /// A complete e-mail for `sendmail -t`: a subject with the verdict, a text and an HTML part (the table's checks).
    case email
    /// One self-contained HTML page with a chart of daily compliance (the table's checks).
    case html
    /// A Slack incoming-webhook message: a text fallback and Block Kit blocks (docs/alerts.md).
    case slack
    /// A PagerDuty Events API v2 event: trigger on FAIL or ERROR, resolve on PASS (docs/alerts.md).
    case pagerduty
    /// The job ids alone, one a line, for a retry script (`violations` and `logs`).
    case ids

    /// Formats for people that only the table's checks write.
    static let reportPages: Set<OutputFormat> = [.email, .html]

    /// The formats `--report FORMAT+=FILE` may append: a file holding two of their reports is
    /// still one valid file (text, Markdown, workflow commands). JSON, JUnit XML, Prometheus (a
    /// metric twice), CSV (a second header), e-mail and HTML would not be.
    public var appends: Bool { [.table, .markdown, .github].contains(self) }

    /// Formats that are alerts: the ones `--post` can send, with json.
    static let alerts: Set<OutputFormat> = [.slack, .pagerduty]
}
