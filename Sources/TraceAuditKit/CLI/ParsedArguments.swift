/// A command line read once, before it is known which command it is for: its words (command and
/// log files) and the options given, each checked to exist and to have its value.
struct ParsedArguments {
    /// An option as given, with its value (nil for a flag).
    struct Given {
        var option: Option
        var value: String?
    }

    /// The words that are not options or their values, in order.
    var words: [String] = []
    /// The options, in order.
    var given: [Given] = []
    /// `--logs` files, with the words listed after it.
    var logFiles: [String] = []

    /// Splits `arguments` into words and options. Stops at `--version`, which wins over the rest.
    init(_ arguments: [String]) throws(TraceAuditError) {
        var index = 0
        var optionsEnded = false
        var takingLogs = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if !optionsEnded && argument == "--" {
                optionsEnded = true
                continue
            }
            guard !optionsEnded && argument.hasPrefix("-") && argument != "-" else {
                // `--logs a.log readiness`: the first word that names a command is the command,
                // not a log file (a file of that name is given as ./readiness).
                if takingLogs && !(words.isEmpty && Self.commandWords.contains(argument)) {
                    logFiles.append(argument)
                } else {
                    words.append(argument)
                }
                continue
            }
            takingLogs = false
            var name = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            if name == "-h" { name = "--help" }
            guard let option = Option(rawValue: name) else {
                throw .usage(.unknownOption(name, hint: Command.closest(to: name, among: Option.allCases.map(\.rawValue)).map { .didYouMean($0) }))
            }
            guard let valueName = option.valueName else {
                guard inlineValue == nil else { throw .usage(.unexpectedValue(option: name)) }
                given.append(Given(option: option, value: nil))
                if option == .version { return }
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count else { throw .usage(.missingValue(option: name, valueName: valueName, next: nil)) }
                let next = arguments[index]
                if Self.isOption(next) {
                    throw .usage(.missingValue(option: name, valueName: valueName, next: next))
                }
                value = next
                index += 1
            }
            given.append(Given(option: option, value: value))
            if option == .logs {
                logFiles.append(value)
                takingLogs = inlineValue == nil
            }
        }
    }

    /// The words that can start a command line: a command, `help`, `sql` or `completion`.
    static let commandWords = Set(AuditCommand.allCases.map(\.rawValue) + ["help", "sql", "completion"])

    /// Whether a word after an option that needs a value is another option rather than the value:
    /// `--word` or a letter after one dash (`-h`); `-1` and `-` are values.
    static func isOption(_ word: String) -> Bool {
        let scalars = Array(word.unicodeScalars)
        guard scalars.count >= 2, scalars[0] == "-" else { return false }
        if scalars[1] == "-" { return scalars.count > 2 }
        return scalars[1].properties.isAlphabetic
    }

    /// The last value given for `option`.
    func value(_ option: Option) -> String? {
        given.last { $0.option == option }?.value
    }

    /// Every value given for `option`, in order.
    func values(_ option: Option) -> [String] {
        given.filter { $0.option == option }.compactMap(\.value)
    }

    /// Whether `option` was given.
    func has(_ option: Option) -> Bool {
        given.contains { $0.option == option }
    }

    /// The options given, each once, in the order first given.
    var options: [Option] {
        var seen: [Option] = []
        for option in given.map(\.option) where !seen.contains(option) {
            seen.append(option)
        }
        return seen
    }
}
