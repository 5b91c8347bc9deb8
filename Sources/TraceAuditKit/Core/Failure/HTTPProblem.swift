/// What went wrong with an HTTP request, classified by curl's result code or the HTTP status,
/// never by message text. It names no part of the request but its host (the `Failure`'s target).
public struct HTTPProblem: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// The request cannot be sent as given (a malformed URL, a line break in a header).
        case invalidRequest
        /// The host name did not resolve.
        case resolve
        /// No connection to the host (refused, unreachable, a proxy that failed).
        case connect
        /// The TLS handshake failed or the server's certificate was not trusted.
        case tls
        /// The whole request, retries included, did not finish within the timeout.
        case timeout
        /// The server answered with a status other than 2xx (after retries, for 429 and 5xx).
        case status
        /// The response body is larger than the client accepts.
        case tooLarge
        /// A signal (SIGINT, SIGTERM…) stopped the request.
        case interrupted(signal: Int32)
        /// The connection broke during the exchange, or the server's answer was not HTTP.
        case transfer
        /// The server answered 2xx with a body that is not what the API documents.
        case unexpectedAnswer
    }

    public enum Limit: Equatable, Sendable {
        case duration(Duration)
        case bytes(Int)
    }

    public var kind: Kind
    /// The last HTTP status received, when there was one.
    public var status: Int?
    /// How many attempts were made.
    public var attempts: Int
    /// The request's timeout (for `.timeout`) or the body limit in bytes (for `.tooLarge`).
    public var limit: Limit?
    /// A short explanation from curl (TLS and connection failures), checked to hold no part of the
    /// request but its host.
    public var detail: String?

    public init(_ kind: Kind, status: Int? = nil, attempts: Int = 1, limit: Limit? = nil, detail: String? = nil) {
        self.kind = kind
        self.status = status
        self.attempts = attempts
        self.limit = limit
        self.detail = detail
    }
}
