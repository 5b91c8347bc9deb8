/// `--post URL|@FILE` with `--notify-on` and `--state`: where the run's alert (the slack,
/// pagerduty or json report) is sent, and when.
public struct AlertPost: Hashable, Sendable {
    /// Where the URL comes from. A webhook URL is a secret: `@FILE` keeps it out of argv, as
    /// Alertmanager's `*_url_file` settings do. Neither is ever echoed.
    public enum Address: Hashable, Sendable {
        case url(String)
        case file(String)
    }

    /// When to post.
    public enum NotifyOn: String, Hashable, Sendable, CaseIterable {
        /// Only when the verdict changed or new violations appeared since the last post (`--state`).
        case change
        /// Every run.
        case always
    }

    public var address: Address
    /// The format of the body: slack, pagerduty or json.
    public var format: OutputFormat
    public var notifyOn: NotifyOn
    /// The state file (`--state`), needed by `--notify-on change`.
    public var statePath: String?
    /// The longest the delivery may take, retries included (`--timeout`, default 60 s).
    public var timeoutMilliseconds = 60_000

    /// The formats `--post` sends.
    public static let formats: [OutputFormat] = [.slack, .pagerduty, .json]

    public init(address: Address, format: OutputFormat, notifyOn: NotifyOn = .always, statePath: String? = nil) {
        self.address = address
        self.format = format
        self.notifyOn = notifyOn
        self.statePath = statePath
    }

    /// Whether `text` is a URL `--post` sends to: https only, no space or line break.
    static func isPostable(_ text: String) -> Bool {
        text.lowercased().hasPrefix("https://") && text.count > 8 && !text.contains(where: { $0.isWhitespace || $0.isNewline })
    }
}
