/// Why a command line is wrong (exit 2), as a value, after swift-driver's `OptionParseError`. The
/// words are kept as typed; only the renderer (`FailureText`) quotes them, escaped and with any
/// password left out, and adds the usage line and `See 'traceaudit --help'`.
public enum UsageError: Error, Equatable, Sendable {
    /// An option no command takes.
    case unknownOption(String, hint: Hint?)
    /// A flag given a value (`--quiet=yes`).
    case unexpectedValue(option: String)
    /// An option without its value; `next` is the option that came instead.
    case missingValue(option: String, valueName: String, next: String?)
    /// A value that is not what the option takes; `expected` says what it takes.
    case invalidValue(option: String, value: String, expected: String)
    /// An option given an empty value; `remedy` says what to give.
    case emptyValue(option: String, remedy: String)
    /// An option the command does not take; `takenBy` names the commands that do (none: only sql).
    case notForCommand(option: String, command: String, takenBy: [String], underSQL: Bool, takesIt: Bool)
    /// A format the command does not write; `writers` names the commands that do.
    case formatNotForCommand(format: String, command: String, writers: [String], report: String?)
    /// Two options that cannot go together; `reason` says why and which to give.
    case conflicting(String, String, reason: String)
    /// An option that needs another, or a setting; `reason` says why.
    case needs(option: String, other: String, reason: String)
    /// A format name that is none of the command's (`report`: the `--report` value it was in).
    case unknownFormat(String, choices: [String], hint: Hint?, report: String?)
    /// A command word that is none of traceaudit's.
    case unknownCommand(String, hint: Hint?)
    /// A help topic that does not exist.
    case unknownHelpTopic(String, hint: Hint?)
    /// A word left over after the command and its options.
    case unexpectedArgument(String, hint: Hint?, note: String?)
    /// No `--db`, TRACEAUDIT_DB nor DATABASE_URL for a command that reads the table.
    case missingDatabase
    /// A report would overwrite a file the run reads (`output` and `input` as the options name them).
    case reportOverwritesInput(output: String, input: String)
    /// Two reports name the same file.
    case sameReportFile(String, String)
    /// Any other rule of the command line: what is wrong and how to fix it, in one sentence.
    case invalid(String)

    /// What the word may have been meant as.
    public enum Hint: Equatable, Sendable {
        /// The closest known name.
        case didYouMean(String)
        /// The word looks like a database target: `--db` was left out.
        case database(String)
    }
}
