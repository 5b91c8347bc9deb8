/// The shell completion scripts of `traceaudit completion SHELL`, made from the option table
/// (`Option`: which commands take each option and what its value is) and the command list, so
/// they offer what the parser accepts and cannot drift from it.
///
/// Every script finds the command the same way the parser does: the first word that is neither an
/// option nor an option's value (options may come before it; without one the command is `check`),
/// then for `sql`, `help` and `completion` the word after it. Log files given after `--logs` are
/// values too. A value is completed by what its name says: file names for `FILE` and `TARGET`,
/// the command's own formats for `FORMAT`, nothing for the rest.
enum CompletionScript {
    /// The script for `shell`.
    static func text(for shell: CompletionShell) -> String {
        switch shell {
        case .bash: bash
        case .zsh: zsh
        case .fish: fish
        }
    }

    /// What an option's value is completed with.
    enum ValueKind: Equatable {
        /// A flag: no value.
        case none
        /// File names.
        case files
        /// The formats the command writes.
        case formats
        /// `FORMAT=FILE`: the command's formats, then file names after the `=`.
        case formatsThenFiles
        /// Anything (a date, a number, a name): nothing to offer.
        case free
    }

    static func valueKind(_ option: Option) -> ValueKind {
        switch option.valueName {
        case nil: .none
        case "FILE", "TARGET": .files
        case "FORMAT": .formats
        case "FORMAT=FILE": .formatsThenFiles
        default: .free
        }
    }

    /// One place a command line can be in: a command (`check`), or `sql` over a command
    /// (`sql:check`), with the options taken there.
    struct Context {
        var key: String
        var command: AuditCommand
        var underSQL: Bool

        var options: [Option] { Option.allCases.filter { $0.isTaken(by: command, underSQL: underSQL) } }
        var formats: [String] { underSQL ? [] : command.formats.map(\.rawValue) }
    }

    static var contexts: [Context] {
        AuditCommand.allCases.map { Context(key: $0.rawValue, command: $0, underSQL: false) }
            + sqlCommands.map { Context(key: "sql:" + $0.rawValue, command: $0, underSQL: true) }
    }

    /// The commands `sql` prints the statements of.
    static var sqlCommands: [AuditCommand] { AuditCommand.allCases.filter(Set<AuditCommand>.printable.contains) }

    /// The first word: every command, with its line of help.
    static var commandWords: [(word: String, summary: String)] {
        AuditCommand.allCases.map { ($0.rawValue, $0.summary) } + [
            ("sql", "print the SQL a command runs, with its parameters; runs nothing"),
            ("help", "show help for a command"),
            ("completion", "print the shell completion script for bash, zsh or fish"),
        ]
    }

    static var helpTopics: [String] { HelpTopic.all.map(\.name) }
    static var shells: [String] { CompletionShell.allCases.map(\.rawValue) }

    /// The options that take a value, which the scripts skip when looking for the command.
    static var valued: [Option] { Option.allCases.filter { valueKind($0) != .none } }
    static func names(_ options: [Option], where kind: ValueKind) -> [String] {
        options.filter { valueKind($0) == kind }.map(\.rawValue)
    }

    static func words(_ list: [String]) -> String { list.joined(separator: " ") }
    static func alternatives(_ list: [String]) -> String { list.joined(separator: "|") }

    /// The contexts grouped by the words they offer for `what` (options, formats), so each
    /// distinct list is written once: `check|legacy) …`.
    static func grouped(_ what: (Context) -> [String]) -> [(keys: [String], words: [String])] {
        var groups: [(keys: [String], words: [String])] = []
        for context in contexts {
            let offered = what(context)
            if let index = groups.firstIndex(where: { $0.words == offered }) {
                groups[index].keys.append(context.key)
            } else {
                groups.append(([context.key], offered))
            }
        }
        return groups
    }

    static var header: String {
        "traceaudit \(Release.version): made by `traceaudit completion` from its option table; do not edit."
    }

    // MARK: bash

    static var bash: String {
        let optionCases = grouped { $0.options.map(\.rawValue) + ($0.options.contains(.help) ? ["-h"] : []) }
            .map { "            \(alternatives($0.keys))) words=\"\(words($0.words))\" ;;" }.joined(separator: "\n")
        let formatCases = grouped(\.formats).filter { !$0.words.isEmpty }
            .map { "            \(alternatives($0.keys))) words=\"\(words($0.words))\" ;;" }.joined(separator: "\n")
        return """
            # bash completion for traceaudit. \(header)
            # Load it with: source <(traceaudit completion bash)

            _traceaudit() {
                local cur=${COMP_WORDS[COMP_CWORD]} prev="" word command="" sub="" logs=false key words="" i
                local at=$(( COMP_CWORD - 1 )) equals=false
                # --option=value and FORMAT=FILE: bash splits the word at '=' (COMP_WORDBREAKS).
                if [[ $cur == = ]]; then
                    cur=""
                    equals=true
                elif (( at > 0 )) && [[ ${COMP_WORDS[at]} == = ]]; then
                    (( at-- ))
                    equals=true
                fi
                (( at >= 0 )) && prev=${COMP_WORDS[at]}
                # The FILE of FORMAT=FILE.
                if $equals && (( at > 0 )) && [[ ${COMP_WORDS[at-1]} == @(\(alternatives(names(Option.allCases, where: .formatsThenFiles)))) ]]; then
                    _traceaudit_files; return
                fi
                for (( i = 1; i < COMP_CWORD; i++ )); do
                    word=${COMP_WORDS[i]}
                    case $word in
                        \(alternatives(valued.map(\.rawValue))))
                            [[ $word == --logs ]] && logs=true || logs=false
                            [[ ${COMP_WORDS[i+1]} == = ]] && (( i++ ))
                            (( i++ ))
                            # FORMAT=FILE: the '=' and the file.
                            [[ ${COMP_WORDS[i+1]} == = ]] && (( i += 2 ))
                            continue ;;
                        -) ;;
                        -*) logs=false; continue ;;
                    esac
                    $logs && continue
                    if [[ -z $command ]]; then command=$word; elif [[ -z $sub ]]; then sub=$word; fi
                done
                key=${command:-check}
                [[ $command == sql ]] && key=sql:${sub:-check}

                case $prev in
                    \(alternatives(names(Option.allCases, where: .files))))
                        _traceaudit_files; return ;;
                    \(alternatives(names(Option.allCases, where: .formats) + names(Option.allCases, where: .formatsThenFiles))))
                        case $key in
            \(formatCases)
                        esac
                        if [[ $prev == @(\(alternatives(names(Option.allCases, where: .formatsThenFiles)))) ]]; then
                            compopt -o nospace 2>/dev/null
                            words=$(printf '%s= ' $words)
                        fi
                        mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur"); return ;;
                    \(alternatives(names(Option.allCases, where: .free))))
                        COMPREPLY=(); return ;;
                esac
                if [[ $cur == -?* ]]; then
                    case $key in
            \(optionCases)
                    esac
                    mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur"); return
                fi
                if $logs; then _traceaudit_files; return; fi
                case $command in
                    "") words="\(words(commandWords.map(\.word)))" ;;
                    logs) _traceaudit_files; return ;;
                    sql) [[ -z $sub ]] && words="\(words(sqlCommands.map(\.rawValue)))" ;;
                    help) [[ -z $sub ]] && words="\(words(helpTopics))" ;;
                    completion) [[ -z $sub ]] && words="\(words(shells))" ;;
                esac
                mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
            }

            _traceaudit_files() {
                compopt -o filenames 2>/dev/null
                mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            }

            complete -F _traceaudit traceaudit

            """
    }

    // MARK: zsh

    static var zsh: String {
        let optionCases = grouped { $0.options.map(\.rawValue) + ($0.options.contains(.help) ? ["-h"] : []) }
            .map { "        (\(alternatives($0.keys.map(zshPattern)))) compadd -- \(words($0.words)) ;;" }.joined(separator: "\n")
        let formatCases = grouped(\.formats).filter { !$0.words.isEmpty }
            .map { "            (\(alternatives($0.keys.map(zshPattern)))) compadd -- \(words($0.words)) ;;" }.joined(separator: "\n")
        let zshReportCases = grouped(\.formats).filter { !$0.words.isEmpty }
            .map { "            (\(alternatives($0.keys.map(zshPattern)))) compadd -S = -- \(words($0.words)) ;;" }.joined(separator: "\n")
        return """
            #compdef traceaudit
            # zsh completion for traceaudit. \(header)
            # Install it as _traceaudit in a folder of $fpath (scripts/install does), or load it with:
            # source <(traceaudit completion zsh)  after compinit.

            _traceaudit() {
                local cur=${words[CURRENT]} prev=${words[CURRENT-1]} word command= sub= key
                local -i i logs=0
                # --option=value in one word.
                if [[ $cur == --*=* ]]; then
                    prev=${cur%%=*}
                    compset -P '*='
                    cur=${cur#*=}
                fi
                for (( i = 2; i < CURRENT; i++ )); do
                    word=${words[i]}
                    case $word in
                        (\(alternatives(valued.map(\.rawValue))))
                            [[ $word == --logs ]] && logs=1 || logs=0
                            (( i++ ))
                            continue ;;
                        (-) ;;
                        (-*) logs=0; continue ;;
                    esac
                    (( logs )) && continue
                    if [[ -z $command ]]; then command=$word; elif [[ -z $sub ]]; then sub=$word; fi
                done
                key=${command:-check}
                [[ $command == sql ]] && key=sql:${sub:-check}

                case $prev in
                    (\(alternatives(names(Option.allCases, where: .files))))
                        _files; return ;;
                    (\(alternatives(names(Option.allCases, where: .formats))))
                        case $key in
            \(formatCases)
                        esac
                        return ;;
                    (\(alternatives(names(Option.allCases, where: .formatsThenFiles))))
                        # FORMAT=FILE: the formats with '=', then file names after it.
                        if [[ $cur == *=* ]]; then
                            compset -P '*='
                            _files
                            return
                        fi
                        case $key in
            \(zshReportCases)
                        esac
                        return ;;
                    (\(alternatives(names(Option.allCases, where: .free))))
                        _message "${prev#--} value"; return ;;
                esac
                if [[ $cur == -?* ]]; then
                    case $key in
            \(optionCases)
                    esac
                    return
                fi
                if (( logs )); then _files; return; fi
                case $command in
                    ('') compadd -- \(words(commandWords.map(\.word))) ;;
                    (logs) _files ;;
                    (sql) [[ -z $sub ]] && compadd -- \(words(sqlCommands.map(\.rawValue))) ;;
                    (help) [[ -z $sub ]] && compadd -- \(words(helpTopics)) ;;
                    (completion) [[ -z $sub ]] && compadd -- \(words(shells)) ;;
                esac
            }

            if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then
                _traceaudit "$@"
            elif (( $+functions[compdef] )); then
                compdef _traceaudit traceaudit
            fi

            """
    }

    /// A context's key as a zsh pattern (`sql:check` has no special characters; kept for clarity).
    static func zshPattern(_ key: String) -> String { key }

    // MARK: fish

    static var fish: String {
        var lines: [String] = []
        for (word, summary) in commandWords {
            lines.append("complete -c traceaudit -n '__traceaudit_needs command' -a \(word) -d \(fishQuoted(summary))")
        }
        for command in sqlCommands {
            lines.append("complete -c traceaudit -n '__traceaudit_needs sql' -a \(command.rawValue) -d \(fishQuoted(command.summary))")
        }
        lines.append("complete -c traceaudit -n '__traceaudit_needs help' -a '\(words(helpTopics))'")
        lines.append("complete -c traceaudit -n '__traceaudit_needs completion' -a '\(words(shells))'")
        lines.append("complete -c traceaudit -n '__traceaudit_in logs; or __traceaudit_taking_logs' -F")
        for option in Option.allCases {
            let keys = contexts.filter { $0.options.contains(option) }.map(\.key)
            guard !keys.isEmpty else { continue }
            let name = "-l " + option.rawValue.dropFirst(2) + (option == .help ? " -s h" : "")
            let description = " -d " + fishQuoted(option.declaration.help)
            switch valueKind(option) {
            case .none:
                lines.append("complete -c traceaudit -n '__traceaudit_in \(words(keys))' \(name)\(description)")
            case .files:
                lines.append("complete -c traceaudit -n '__traceaudit_in \(words(keys))' \(name) -r -F\(description)")
            case .free:
                lines.append("complete -c traceaudit -n '__traceaudit_in \(words(keys))' \(name) -x\(description)")
            case .formatsThenFiles:
                for group in grouped(\.formats) where !group.words.isEmpty {
                    let groupKeys = group.keys.filter(keys.contains)
                    guard !groupKeys.isEmpty else { continue }
                    lines.append(
                        "complete -c traceaudit -n '__traceaudit_in \(words(groupKeys))' \(name) -x -a '(__traceaudit_format_file \(words(group.words)))'\(description)")
                }
            case .formats:
                for group in grouped(\.formats) where !group.words.isEmpty {
                    let groupKeys = group.keys.filter(keys.contains)
                    guard !groupKeys.isEmpty else { continue }
                    lines.append(
                        "complete -c traceaudit -n '__traceaudit_in \(words(groupKeys))' \(name) -x -a '\(words(group.words))'\(description)")
                }
            }
        }
        return """
            # fish completion for traceaudit. \(header)
            # Install it as traceaudit.fish in a folder of $fish_complete_path (scripts/install does).

            # Prints the context of the words before the cursor: its key (check, sql:check…), the
            # command word, the word after it, and whether log files after --logs are being listed.
            function __traceaudit_state
                set -l tokens (commandline -opc)
                set -e tokens[1]
                set -l command ''
                set -l sub ''
                set -l skip 0
                set -l logs 0
                for token in $tokens
                    if test $skip = 1
                        set skip 0
                        continue
                    end
                    switch $token
                        case \(words(valued.map(\.rawValue)))
                            set skip 1
                            set logs 0
                            test $token = --logs; and set logs 1
                            continue
                        case -
                        case '-*'
                            set logs 0
                            continue
                    end
                    test $logs = 1; and continue
                    if test -z "$command"
                        set command $token
                    else if test -z "$sub"
                        set sub $token
                    end
                end
                set -l key $command
                test -z "$key"; and set key check
                test "$command" = sql; and set key sql:(test -n "$sub"; and echo $sub; or echo check)
                printf '%s\\n' $key "$command" "$sub" $logs
            end

            # Whether the word at the cursor is the command (command), or the word after sql, help
            # or completion.
            function __traceaudit_needs
                set -l state (__traceaudit_state)
                if test $argv[1] = command
                    test -z "$state[2]"
                else
                    test "$state[2]" = $argv[1]; and test -z "$state[3]"
                end
            end

            # Whether the context's key is one of the arguments.
            function __traceaudit_in
                set -l state (__traceaudit_state)
                contains -- $state[1] $argv
            end

            # Whether log files are being listed after --logs.
            function __traceaudit_taking_logs
                set -l state (__traceaudit_state)
                test $state[4] = 1
            end

            # FORMAT=FILE: the formats (the arguments) with '=', then file names after it.
            function __traceaudit_format_file
                set -l token (string replace -r -- '^--[a-z-]+=' '' (commandline -ct))
                if string match -q -- '*=*' $token
                    set -l format (string replace -r -- '=.*' '=' $token)
                    for path in (__fish_complete_path (string replace -r -- '^[^=]*=' '' $token))
                        echo $format$path
                    end
                else
                    printf '%s=\\n' $argv
                end
            end

            complete -c traceaudit -f
            \(lines.joined(separator: "\n"))

            """
    }

    /// `text` as a fish single-quoted string.
    static func fishQuoted(_ text: String) -> String {
        "'" + text.map { $0 == "\\" || $0 == "'" ? "\\" + String($0) : String($0) }.joined() + "'"
    }
}
