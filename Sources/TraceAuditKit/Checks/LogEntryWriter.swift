/// Takes the `logs` check's entries as they are read (`logs --all`), so that memory stays flat
/// however long the logs are; the check keeps only the latest `kept` for what is written at the end.
protocol LogEntryWriter: AnyObject {
    /// How many of the latest entries the reports written at the end show.
    var kept: Int { get }
    /// One entry, as it is read.
    func entry(_ entry: LoggedViolation)
}
