/// The shells `traceaudit completion SHELL` writes a completion script for.
public enum CompletionShell: String, CaseIterable, Hashable, Sendable {
    case bash
    case zsh
    case fish

}
