/// Evidence of traffic: the newest succeeded job the scan read and how old it is, and whether
/// `--max-age` and `--min-jobs` hold. No succeeded job at all is not fresh: silence is not
/// compliance.
public struct Freshness: Hashable, Sendable {
    /// The newest created_at among the dated succeeded jobs in the window (legacy included); nil
    /// when there is none or the command's scan reads only violations.
    public var newestSucceeded: Instant?
    /// When the audit ran: what the age is reckoned from.
    public var asOf: Instant
    /// Dated succeeded jobs in the window (legacy and since the cutoff).
    public var succeededJobs: Int
    /// `--max-age` in microseconds; nil when not asked.
    public var maxAge: Int64?
    /// `--min-jobs`; nil when not asked.
    public var minJobs: Int?

    /// The newest succeeded job's age in microseconds (negative for a job dated in the future);
    /// nil without one.
    public var ageMicroseconds: Int64? {
        newestSucceeded.map { asOf.microseconds &- $0.microseconds }
    }

    /// Whether `--max-age` or `--min-jobs` was given: the report then has a freshness check.
    public var isChecked: Bool { maxAge != nil || minJobs != nil }

    /// `--max-age` fails: the newest succeeded job is older, or there is none.
    public var tooOld: Bool {
        guard let maxAge else { return false }
        guard let age = ageMicroseconds else { return true }
        return age > maxAge
    }

    /// `--min-jobs` fails: the window holds fewer succeeded jobs.
    public var tooFew: Bool {
        guard let minJobs else { return false }
        return succeededJobs < minJobs
    }

    /// Whether the freshness check holds (always, when not asked for).
    public var passed: Bool { !tooOld && !tooFew }
}

extension Freshness {
    /// Microseconds as seconds in full precision for programs: `90061.5`, `-3`, `0.000001`.
    static func secondsText(_ microseconds: Int64) -> String {
        let sign = microseconds < 0 ? "-" : ""
        let magnitude = microseconds.magnitude
        let whole = String(magnitude / 1_000_000)
        let fraction = magnitude % 1_000_000
        guard fraction != 0 else { return sign + whole }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 6 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return sign + whole + "." + digits
    }

    /// Microseconds as a span for people, to the second, zero parts left out: `2d 3h 4m 5s`, `2d`,
    /// `1h 5s`, `0s`; a negative span (a job dated in the future) starts with `-`.
    static func humanSpan(_ microseconds: Int64) -> String {
        var seconds = microseconds.magnitude / 1_000_000
        let days = seconds / 86_400
        seconds %= 86_400
        let parts = [(days, "d"), (seconds / 3600, "h"), (seconds / 60 % 60, "m"), (seconds % 60, "s")]
        let shown = parts.filter { $0.0 != 0 }
        let text = shown.isEmpty ? "0s" : shown.map { String($0.0) + $0.1 }.joined(separator: " ")
        return (microseconds < 0 && !shown.isEmpty ? "-" : "") + text
    }

    /// Why the freshness check failed, for every format's message; nil when it passed.
    var failureMessage: String? {
        var reasons: [String] = []
        if tooOld, let maxAge {
            if let age = ageMicroseconds {
                reasons.append("the newest succeeded job is \(Freshness.humanSpan(age)) old, older than --max-age \(Freshness.humanSpan(maxAge))")
            } else {
                reasons.append("no succeeded job in the window, so none is younger than --max-age \(Freshness.humanSpan(maxAge))")
            }
        }
        if tooFew, let minJobs {
            reasons.append("\(Counting.number(succeededJobs)) succeeded \(Counting.noun(succeededJobs, "job", "jobs")) in the window, fewer than --min-jobs \(Counting.number(minJobs))")
        }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }
}
