/// Why a violation may be missing from the logs although the runtime check logged it: the
/// platform's documented limits on Edge Function logs (supabase.com/docs/guides/functions/limits,
/// "Platform limits"; docs/logs.md cites them), stated beside the code-path reason.
public enum PlatformLogLimits {
    /// Log events per function kept in each 10-second span; the rest are dropped.
    public static let eventsPerTenSeconds = 100
    /// The longest log message kept, in characters; a longer one is cut.
    public static let messageCharacters = 10_000

    /// The reasons, one sentence each, for a report.
    public static let reasons = [
        "a code path skipped the runtime check (it succeeded the job without logging)",
        "Supabase dropped the line: it keeps at most \(eventsPerTenSeconds) log events per function per 10 s",
        "Supabase cut the line: messages over 10,000 characters are truncated, and the marker or job id may be past the cut",
    ]
}
