/// `logs --supabase REF [--function NAME]` (and `readiness --supabase`): where the logs are fetched from. The token is not kept
/// here: it is read from SUPABASE_ACCESS_TOKEN when the fetch starts, and goes nowhere else.
public struct SupabaseSource: Hashable, Sendable {
    /// The project's reference.
    public var project: String
    /// The edge function's slug.
    public var function: String
    /// The API's base URL, without a trailing slash.
    public var baseURL: String
    /// The longest one API request may take, retries included.
    public var timeoutMilliseconds: Int

    public static let defaultFunction = "orchestrator"
    public static let defaultBaseURL = "https://api.supabase.com"
    public static let defaultTimeoutMilliseconds = 60_000

    public init(project: String, function: String = defaultFunction, baseURL: String = defaultBaseURL, timeoutMilliseconds: Int = defaultTimeoutMilliseconds) {
        self.project = project
        self.function = function
        self.baseURL = baseURL
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    /// The source `--supabase` names for `command` (logs or readiness), nil without it; usage
    /// errors for a bad reference, function name or base URL, log files given too, or no token in
    /// the environment.
    init?(_ parsed: ParsedArguments, logFiles: [String], environment: [String: String], command: AuditCommand = .logs) throws(TraceAuditError) {
        guard let project = parsed.value(.supabase) else {
            if parsed.has(.function) {
                throw .usage("--function names the edge function whose logs --supabase fetches: traceaudit \(command.rawValue) --supabase REF --function NAME")
            }
            return nil
        }
        guard logFiles.isEmpty else {
            if command == .readiness {
                throw .usage("readiness reads either --supabase or --logs, not both: each source's days are covered by its own evidence; drop --logs or --supabase")
            }
            throw .usage("logs reads either --supabase or log files, not both; drop \(Echo.quoted(logFiles[0])) or --supabase")
        }
        guard Self.isName(project, longest: 64) else {
            throw .usage("--supabase \(Echo.quoted(project)) is not a project reference (letters, digits, - and _; Settings → General → Project ID)")
        }
        let function = parsed.value(.function) ?? Self.defaultFunction
        guard Self.isName(function, longest: 128) else {
            throw .usage("--function \(Echo.quoted(function)) is not an edge function's name (letters, digits, - and _)")
        }
        guard !(environment["SUPABASE_ACCESS_TOKEN"] ?? "").isEmpty else {
            throw .usage(
                "--supabase reads the token from SUPABASE_ACCESS_TOKEN, which is not set; create a personal access token at https://supabase.com/dashboard/account/tokens and export it (never pass it as an argument)")
        }
        var baseURL = environment["SUPABASE_API_URL"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultBaseURL
        while baseURL.hasSuffix("/") { baseURL.removeLast() }
        guard baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://"), !baseURL.contains(where: { $0.isWhitespace || $0 == "?" || $0 == "#" }) else {
            throw .usage("SUPABASE_API_URL \(Echo.quoted(baseURL)) is not an https:// URL (default \(Self.defaultBaseURL))")
        }
        self.init(
            project: project, function: function, baseURL: baseURL,
            timeoutMilliseconds: try Command.timeoutMilliseconds(parsed) ?? Self.defaultTimeoutMilliseconds)
    }

    /// Letters, digits, `-` and `_`, 1 to `longest` of them.
    static func isName(_ text: String, longest: Int) -> Bool {
        !text.isEmpty && text.count <= longest && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    /// How reports name the source: `supabase:REF/NAME`.
    public var label: String { "supabase:\(project)/\(function)" }
}
