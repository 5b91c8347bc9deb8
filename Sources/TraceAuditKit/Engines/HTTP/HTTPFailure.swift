/// Why an HTTP request did not end in a 2xx response, classified by curl's result code or the
/// HTTP status, never by message text. It names the request's host only: the URL's path and
/// query, the headers and the body may carry secrets and appear in no rendering.
struct HTTPFailure: Error, Equatable, Sendable {
    typealias Kind = HTTPProblem.Kind
    typealias Limit = HTTPProblem.Limit

    var kind: Kind
    /// The request's host (and port), never more of the URL.
    var host: String
    /// The last HTTP status received, when there was one.
    var status: Int?
    /// How many attempts were made.
    var attempts = 1
    /// The request's timeout (for `.timeout`) or the body limit in bytes (for `.tooLarge`).
    var limit: Limit?
    /// A short explanation from curl (TLS and connection failures), checked to hold no part of the
    /// request but its host; nil otherwise.
    var detail: String?
    /// The request as a failure may name it: its method and host (`POST hooks.slack.com`).
    var request: String?
    /// The start of the error response's body (at most 4 KiB), for a caller that knows its format.
    /// Never rendered as it is: it is the server's text.
    var body: [UInt8]?

    /// The failure for the renderer: the request's host and what was being done (`context`), with
    /// a `remedy` and `reason` when the caller knows the API better than HTTP does.
    func failure(context: String? = nil, reason: String? = nil, remedy: String? = nil) -> Failure {
        Failure(
            .http(HTTPProblem(kind, status: status, attempts: attempts, limit: limit, detail: detail)), target: host,
            statement: request, reason: reason, context: context, remedy: remedy)
    }

    /// The tool's error: interrupted by a signal, or could not check (exit 3).
    func traceAuditError(context: String? = nil, reason: String? = nil, remedy: String? = nil) -> TraceAuditError {
        if case .interrupted(let signal) = kind { return .interrupted(signal: signal) }
        return .failed(failure(context: context, reason: reason, remedy: remedy))
    }
}
