/// Why an HTTP request did not end in a 2xx response, classified by curl's result code or the
/// HTTP status, never by message text. It names the request's host only: the URL's path and
/// query, the headers and the body may carry secrets and appear in no rendering.
struct HTTPFailure: Error, Equatable, Sendable {
    enum Kind: Equatable, Sendable {
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
    }

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
    /// The start of the error response's body (at most 4 KiB), for a caller that knows its format.
    /// Never part of `message`: it is the server's text.
    var body: [UInt8]?

    enum Limit: Equatable, Sendable {
        case duration(Duration)
        case bytes(Int)
    }

    /// The one line for a person: what failed, on which host, and what to do.
    var message: String {
        let tries = attempts > 1 ? " after \(attempts) attempts" : ""
        let because = detail.map { " (\($0))" } ?? ""
        switch kind {
        case .invalidRequest:
            return "the request to \(host) is malformed\(because)"
        case .resolve:
            return "could not resolve \(host)\(tries)\(because); check the host name and the network"
        case .connect:
            return "could not connect to \(host)\(tries)\(because); check the network and any https_proxy setting"
        case .tls:
            return "TLS with \(host) failed\(because); the server's certificate must name the host and come from a CA in the system store or in the file SSL_CERT_FILE or CURL_CA_BUNDLE names"
        case .timeout:
            let within = if case .duration(let duration)? = limit { " within \(PGError.seconds(duration))" } else { "" }
            return "\(host) did not answer\(within)\(tries); raise --timeout or try again later"
        case .status:
            let status = status.map { "HTTP \($0)" } ?? "an HTTP error"
            return "\(host) answered \(status)\(tries)"
        case .tooLarge:
            let size = if case .bytes(let bytes)? = limit { " (\(bytes / (1 << 20)) MiB)" } else { "" }
            return "the response from \(host) is larger than the limit\(size)"
        case .interrupted(let signal):
            return "interrupted by signal \(signal) during the request to \(host)"
        case .transfer:
            return "the connection to \(host) broke during the request\(tries)\(because)"
        }
    }

    /// The tool's error: interrupted by a signal, or could not check (exit 3).
    var traceAuditError: TraceAuditError {
        if case .interrupted(let signal) = kind { return .interrupted(signal: signal) }
        return .cannotCheck(message)
    }
}
