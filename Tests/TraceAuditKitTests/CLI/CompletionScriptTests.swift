import Foundation
import Testing
@testable import TraceAuditKit

/// `traceaudit completion bash|zsh|fish`: each script loaded into its own shell and driven there,
/// offering what the parser accepts (the option table), for every command.
@Suite("Shell completion")
struct CompletionScriptTests {
    /// The script written to a temporary file, given to `body` with the shell (each test is enabled only with its shell, see `ExternalTool.installed`).
    private static func withScript(_ shell: CompletionShell, _ body: (String, URL) throws -> Void) throws {
        let program = try ExternalTool.path(shell.rawValue, package: shell.rawValue)
        let result = run(["completion", shell.rawValue])
        #expect(result.code == .passed)
        #expect(result.errors.isEmpty)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-completion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent(shell == .zsh ? "_traceaudit" : "traceaudit." + shell.rawValue)
        try Data(result.output.utf8).write(to: script)
        try body(program, script)
    }

    /// Command lines with the word being completed last, as each shell's driver below takes them.
    private static let lines: [[String]] = [
        ["che"], [""], ["doctor", "--format", ""], ["violations", "--format", ""], ["check", "--format", ""],
        ["--db", "fixtures/de"], ["logs", "fixtures/demo.sq"], ["sql", ""], ["sql", "check", "--p"],
        ["readiness", "--logs", "a.log", "--require-t"], ["readiness", "--logs", "a.log", "fixtures/demo.sq"],
        ["--db", "x", "violations", "--f"], ["completion", ""], ["--since", "2d", "che"], ["logs", "--out"],
        ["help", "sq"], ["check", "--report", "j"], ["violations", "--baseline", "fixtures/demo.sq"],
    ]

    /// What each line completes to (after the shell's own filtering by the word's prefix).
    private static let expected: [[String]] = [
        ["check"], ["check", "completion", "daily", "distribution", "doctor", "help", "legacy", "logs", "readiness", "sql", "violations"],
        ["json", "table"], ["csv", "email", "github", "html", "ids", "json", "junit", "markdown", "pagerduty", "prometheus", "slack", "table"],
        ["email", "github", "html", "json", "junit", "markdown", "pagerduty", "prometheus", "slack", "table"],
        ["fixtures/demo.sql", "fixtures/demo.sqlite"], ["fixtures/demo.sql", "fixtures/demo.sqlite"],
        ["check", "daily", "distribution", "legacy", "readiness", "violations"], ["--placeholders", "--policy"],
        ["--require-traffic"], ["fixtures/demo.sql", "fixtures/demo.sqlite"], ["--format"], ["bash", "fish", "zsh"], ["check"],
        ["--output"], ["sql"], ["json=", "junit="], ["fixtures/demo.sql", "fixtures/demo.sqlite"],
    ]

    @Test(.enabled(if: ExternalTool.installed("bash"))) func bashCompletesFromTheOptionTable() throws {
        try Self.withScript(.bash) { bash, script in
            let driver = """
                source "$1"
                complete -p traceaudit
                t() { COMP_WORDS=(traceaudit "$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _traceaudit
                      printf '%s\\n' "${COMPREPLY[@]}" | LC_ALL=C sort | paste -sd' '; }
                \(Self.lines.map { "t " + $0.map { "'\($0)'" }.joined(separator: " ") }.joined(separator: "\n"))
                t --db = fixtures/de
                t check --report json = fixtures/demo.sq
                t check --report json = x.json --f
                """
            let result = try runProcess(bash, ["--norc", "-c", driver, "bash", script.path], directory: packageFolder)
            #expect(result.status == 0, "\(result.errors)")
            let output = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(output.first == "complete -F _traceaudit traceaudit")
            let more = [["fixtures/demo.sql", "fixtures/demo.sqlite"], ["fixtures/demo.sql", "fixtures/demo.sqlite"], ["--format"]]
            for (index, want) in (Self.expected + more).enumerated() {
                #expect(output.dropFirst().dropLast().map { $0 }[safe: index] == want.joined(separator: " "), "line \(index)")
            }
        }
    }

    /// Every context offers exactly the options the parser accepts there, no more, no less.
    @Test(.enabled(if: ExternalTool.installed("bash"))) func bashOffersEachCommandItsOwnOptions() throws {
        try Self.withScript(.bash) { bash, script in
            let contexts = CompletionScript.contexts
            let driver = """
                source "$1"
                t() { COMP_WORDS=(traceaudit "$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMPREPLY=(); _traceaudit
                      printf '%s\\n' "${COMPREPLY[@]}" | LC_ALL=C sort | paste -sd' '; }
                \(contexts.map { "t " + $0.key.split(separator: ":").joined(separator: " ") + " --" }.joined(separator: "\n"))
                """
            let result = try runProcess(bash, ["--norc", "-c", driver, "bash", script.path])
            #expect(result.status == 0, "\(result.errors)")
            let output = result.output.split(separator: "\n").map(String.init)
            #expect(output.count == contexts.count)
            for (context, line) in zip(contexts, output) {
                // The parser refuses an option a command does not take with "--x goes with …".
                let accepted = Option.allCases.filter { (option: Option) -> Bool in
                    let line = (context.underSQL ? ["sql"] : []) + [context.command.rawValue, option.rawValue]
                        + (option.valueName == nil ? [] : [Self.sampleValue(option)])
                        + (context.command == .logs && !context.underSQL ? ["a.log"] : [])
                    do throws(TraceAuditError) {
                        _ = try Command.parse(line)
                        return true
                    } catch {
                        return !error.message.contains("\(option.rawValue) goes with")
                    }
                }
                #expect(line == accepted.map(\.rawValue).sorted().joined(separator: " "), "\(context.key)")
            }
        }
    }

    private static func sampleValue(_ option: Option) -> String {
        switch option {
        case .format: "table"
        case .since: "2026-02-01"
        case .until: "2027-01-01"
        case .cutoff: "2026-02-01"
        case .table: "executor_jobs"
        case .logs: "a.log"
        case .db: "x.sqlite"
        default: "1"
        }
    }

    @Test(.enabled(if: ExternalTool.installed("zsh"))) func zshCompletesFromTheOptionTable() throws {
        try Self.withScript(.zsh) { zsh, script in
            let syntax = try runProcess(zsh, ["-n", script.path])
            #expect(syntax.status == 0, "\(syntax.errors)")
            // compadd and _files are the completion system's; captured here, compadd filtered by
            // the word's prefix as the completion system does.
            let driver = """
                compadd() { local s; while [[ $1 == -* && $1 != -- ]]; do [[ $1 == -S ]] && { s=$2; shift; }; shift; done
                            [[ $1 == -- ]] && shift
                            local w; for w in "$@"; do [[ $w == ${PREFIX}* ]] && print -r -- $w$s; done; }
                _files() { print -r -- ${PREFIX}*(N) }
                _message() { }
                compset() { PREFIX=${PREFIX##*=}; return 0 }
                source "$1"
                t() { words=(traceaudit "$@"); CURRENT=$#words; PREFIX=${words[CURRENT]}; print -r -- ${(j: :)${(o)$(_traceaudit)}} }
                \(Self.lines.map { "t " + $0.map { "'\($0)'" }.joined(separator: " ") }.joined(separator: "\n"))
                t --db=fixtures/de
                t check --report json=fixtures/demo.sq
                """
            let result = try runProcess(zsh, ["-f", "-c", driver, "zsh", script.path], directory: packageFolder)
            #expect(result.status == 0, "\(result.errors)")
            let output = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (index, want) in (Self.expected + [["fixtures/demo.sql", "fixtures/demo.sqlite"], ["fixtures/demo.sql", "fixtures/demo.sqlite"]]).enumerated() {
                #expect(output[safe: index] == want.joined(separator: " "), "line \(index)")
            }
        }
    }

    @Test(.enabled(if: ExternalTool.installed("fish"))) func fishCompletesFromTheOptionTable() throws {
        try Self.withScript(.fish) { fish, script in
            let syntax = try runProcess(fish, ["--no-execute", script.path])
            #expect(syntax.status == 0, "\(syntax.errors)")
            let driver = """
                source $argv[1]
                for line in $argv[2..]
                    set -l offered (complete -C "traceaudit $line" | cut -f1 | sort)
                    echo "$offered"
                end
                """
            let commandLines = Self.lines.map { $0.joined(separator: " ") } + ["check --report json=fixtures/demo.sq"]
            let result = try runProcess(
                fish, ["--no-config", "-c", driver, script.path] + commandLines, environment: ["LC_ALL": "C", "PATH": "/usr/bin:/bin"],
                directory: packageFolder)
            #expect(result.status == 0, "\(result.errors)")
            let output = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (index, want) in (Self.expected + [["json=fixtures/demo.sql", "json=fixtures/demo.sqlite"]]).enumerated() {
                #expect(output[safe: index] == want.joined(separator: " "), "\(commandLines[index])")
            }
            let described = try runProcess(
                fish, ["--no-config", "-c", "source $argv[1]; complete -C 'traceaudit che'", script.path], environment: ["PATH": "/usr/bin:/bin"])
            #expect(described.output == "check\t\(AuditCommand.check.summary)\n")
        }
    }

    @Test func completionNeedsOneKnownShell() {
        #expect(run(["completion"]).code == .usageError)
        let unknown = run(["completion", "bsh"])
        #expect(unknown.code == .usageError)
        #expect(unknown.errors.contains("did you mean 'bash'?"))
        #expect(run(["completion", "bash", "zsh"]).code == .usageError)
        #expect(run(["completion", "bash", "--db", "x"]).code == .usageError)
        #expect(run(["help", "completion"]).output.contains("traceaudit completion bash|zsh|fish"))
        #expect(run(["completion", "--help"]).code == .passed)
        #expect(run(["--help"]).output.contains("completion    print the shell completion script"))
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
