/// Violations of one job type with the type's succeeded jobs since the cutoff (in the window), so
/// that a count has its denominator.
public struct TypeCompliance: Hashable, Sendable {
    /// The job type; nil for a NULL `type` column.
    public var type: String?
    /// Its violations.
    public var violations: Int
    /// Its succeeded jobs since the cutoff in the window; nil when the command's scan reads only
    /// violations (`violations`).
    public var succeeded: Int?

    /// The share of the type's succeeded jobs that are violations, in hundredths of a percent,
    /// rounded half up (1250 is 12.50 %); nil without the total.
    public var rateHundredths: Int? {
        guard let succeeded, succeeded > 0 else { return nil }
        return (violations * 20_000 + succeeded) / (2 * succeeded)
    }

    /// `rateHundredths` as a percentage with two decimals, `12.50`.
    public var ratePercentText: String? {
        rateHundredths.map { String($0 / 100) + "." + twoDigits($0 % 100) }
    }
}
