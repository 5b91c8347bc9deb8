/// The words and numbers people read first, shared by the e-mail's subject and both its parts and
/// the html page, so they never disagree: the verdict, the counts, the window and the compliance.
enum ReportHeadline {
    /// `PASS` or `FAIL`.
    static func verdict(_ report: AuditReport) -> String { report.passed ? "PASS" : "FAIL" }

    /// `152 violations on 2026-11-28 (94.41%)`, with the undated jobs without a trace when any.
    static func summary(_ report: AuditReport) -> String {
        var text = Figures.counted(report.violationCount, "violation")
        let scope = Figures.scope(report.window)
        if !scope.isEmpty { text += " " + scope }
        if let percent = compliancePercent(report) { text += " (\(percent)%)" }
        if report.undated.missingTrace > 0 {
            text += ", " + Figures.counted(report.undated.missingTrace, "undated job") + " without trace"
        }
        if report.freshness.tooOld {
            text += report.freshness.ageMicroseconds.map { ", newest job " + Freshness.humanSpan($0) + " old" } ?? ", no succeeded job"
        } else if report.freshness.tooFew {
            text += ", only " + Figures.counted(report.freshness.succeededJobs, "succeeded job")
        }
        return text
    }

    /// `[traceaudit] FAIL executor_jobs: 152 violations on 2026-11-28 (94.41%)`.
    static func subject(_ report: AuditReport, prefix: String) -> String {
        (prefix.isEmpty ? "" : prefix + " ") + verdict(report) + " " + report.policy.table.description + ": " + summary(report)
    }

    /// The traced share of the window's post-cutoff succeeded jobs, `94.41`; nil when the command
    /// does not count them (`violations`) or there were none.
    static func compliancePercent(_ report: AuditReport) -> String? {
        guard report.command != .violations else { return nil }
        return DailyCompliance(day: UTCDay(number: 0), jobs: report.distribution).compliancePercentForPeople
    }
}

/// Numbers and instants written for people in email and html: thousands separators and plurals
/// from `Counting`, instants to the second as `2026-11-28 14:03:07`.
enum Figures {
    /// The evidence of traffic as one sentence (without the final period): the newest succeeded
    /// job and its age, and how `--max-age`/`--min-jobs` came out.
    static func freshness(_ freshness: Freshness) -> String {
        var text: String
        if let newest = freshness.newestSucceeded, let age = freshness.ageMicroseconds {
            text = "Newest succeeded job: created \(instant(newest)) UTC, \(Freshness.humanSpan(age)) before this report"
        } else {
            text = "No succeeded job in the window"
        }
        if let maxAge = freshness.maxAge { text += "; --max-age \(Freshness.humanSpan(maxAge)): " + (freshness.tooOld ? "FAIL" : "ok") }
        if let minJobs = freshness.minJobs {
            text += "; --min-jobs \(count(minJobs)): \(count(freshness.succeededJobs)) jobs, " + (freshness.tooFew ? "FAIL" : "ok")
        }
        return text
    }

    /// `1,234,567` (`Counting`, as the table and markdown formats write them).
    static func count(_ value: Int) -> String { Counting.number(value) }

    /// `1 violation`, `2 violations`.
    static func counted(_ value: Int, _ noun: String) -> String { Counting.counted(value, noun, noun + "s") }

    /// `2026-11-28 14:03:07` (UTC, to the second).
    static func instant(_ instant: Instant) -> String {
        let text = instant.description
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(8))
    }

    /// `on 2026-11-28` for one whole UTC day, `since …`/`until …` otherwise, empty for all time.
    static func scope(_ window: TimeWindow) -> String {
        if let since = window.since, let until = window.until, since == since.day.start,
            until.microseconds - since.microseconds == Instant.microsecondsPerDay
        {
            return "on " + since.day.description
        }
        var parts: [String] = []
        if let since = window.since { parts.append("since " + bound(since)) }
        if let until = window.until { parts.append("until " + bound(until)) }
        return parts.joined(separator: " ")
    }

    /// With a window that starts after the cutoff, what lies before it, as a sentence without its
    /// final period: `time` writes the instant, `id` the job's id (given whole, up to
    /// `TableWriter.idLimit`, unescaped) and `words` the rest. Nil when nothing is known there, or
    /// the window and the time before it hold no violation.
    static func beforeWindow(
        _ report: AuditReport, time: (Instant) -> String, id: (String) -> String = { $0 }, words: (String) -> String = { $0 }
    ) -> String? {
        func job(_ first: Violation) -> String { id(TerminalText.clipped(first.id ?? "NULL", to: TableWriter.idLimit)) }
        switch report.beforeWindow {
        case .violated(let first)?:
            return words("Violations began before the window: the first of all, job ") + job(first) + words(", was created ")
                + time(first.createdAt)
        case .clean(let first?)?:
            return words("None before the window: its first, job ") + job(first) + words(", is the first of all")
        case .clean(nil)?, nil:
            return nil
        }
    }

    /// Whether the trend (`AuditReport.trend`) shows `days` exactly as they are (the cron's whole
    /// day): then they need no table of their own.
    static func trendShows(_ report: AuditReport, _ days: [DailyCompliance]) -> Bool {
        let trend = Set(report.trend)
        return !trend.isEmpty && days.allSatisfy(trend.contains)
    }

    /// Under the trend: which of its days the verdict counts; nil for a whole-table report.
    static func trendScope(_ report: AuditReport) -> String? {
        let scope = Figures.scope(report.window)
        return scope.isEmpty ? nil : "Only this report's window (\(scope)) is in its verdict."
    }

    /// "First violation" or, in a window, "First violation in the window".
    static func firstLabel(_ report: AuditReport) -> String {
        report.window.isOpen ? "First violation" : "First violation in the window"
    }

    /// The window for the policy line: `all jobs`, `on 2026-11-28 (UTC)`, `since 2026-11-28
    /// 06:00:00 UTC` (a bound with a time already says UTC).
    static func window(_ window: TimeWindow) -> String {
        let scope = scope(window)
        return scope.isEmpty ? "all jobs" : scope.hasSuffix(" UTC") ? scope : scope + " (UTC)"
    }

    /// A window bound: the day alone at midnight.
    private static func bound(_ value: Instant) -> String {
        value == value.day.start ? value.day.description : instant(value) + " UTC"
    }
}
