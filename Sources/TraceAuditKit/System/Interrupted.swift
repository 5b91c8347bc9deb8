/// A signal stopped the work: System's own error, which the layers above map to theirs
/// (`TraceAuditError.interrupted`, exit 128 + the signal's number).
struct Interrupted: Error, Equatable, Sendable {
    /// The signal's number (SIGINT 2, SIGTERM 15…).
    let signal: Int32
}
