import CCurl

/// Sends HTTP requests with libcurl: TLS always verified (the system CA store, or the file named
/// by `CURL_CA_BUNDLE` / `SSL_CERT_FILE`, or the folder `SSL_CERT_DIR`, as the curl tool reads
/// them), the proxy variables curl reads itself (`https_proxy`, `HTTPS_PROXY`, `http_proxy`,
/// `ALL_PROXY`, `NO_PROXY`), no redirects followed.
///
/// `send` retries 429 and 5xx answers with exponential backoff, or after the server's
/// `Retry-After`, and retries a connection that could not be made (or, for a GET, that broke);
/// `timeout` bounds the whole of it, retries and waits included. A signal stops it within a
/// second (curl's progress callback and the waits check `stopSignal`).
struct HTTPClient: Sendable {
    /// The deadline of one `send`, every attempt and wait included.
    var timeout: Duration
    /// The largest response body accepted (decoded); a larger one is `.tooLarge`.
    var maximumBodyBytes = 32 << 20
    /// Attempts per `send`, the first included.
    var maximumAttempts = 5
    /// The first backoff; each next one doubles, up to `longestBackoff`, with jitter.
    var firstBackoff: Duration = .milliseconds(500)
    var longestBackoff: Duration = .seconds(16)
    var userAgent = "traceaudit"
    /// A CA bundle replacing the system store (CURL_CA_BUNDLE, else SSL_CERT_FILE).
    var certificateFile: String?
    /// A folder of hashed CA certificates (SSL_CERT_DIR).
    var certificateFolder: String?
    /// The signal that should stop the request, if one came.
    var stopSignal: @Sendable () -> Int32? = { Interruption.shared.receivedSignal }
    /// Told before each wait for a retry: the failure retried and the wait.
    var onRetry: (@Sendable (HTTPFailure, Duration) -> Void)?

    init(timeout: Duration, environment: [String: String]) {
        self.timeout = timeout
        func variable(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        certificateFile = variable("CURL_CA_BUNDLE") ?? variable("SSL_CERT_FILE")
        certificateFolder = variable("CURL_CA_BUNDLE") == nil ? variable("SSL_CERT_DIR") : nil
    }

    /// The 2xx response to `request`, or why there is none (naming the request by its method and
    /// host only).
    func send(_ request: HTTPRequest) throws(HTTPFailure) -> HTTPResponse {
        do throws(HTTPFailure) {
            return try attempt(request)
        } catch {
            var failure = error
            failure.request = request.method.rawValue + " " + request.host
            throw failure
        }
    }

    private func attempt(_ request: HTTPRequest) throws(HTTPFailure) -> HTTPResponse {
        let host = request.host
        if let signal = stopSignal() { throw HTTPFailure(kind: .interrupted(signal: signal), host: host) }
        if request.malformation != nil { throw HTTPFailure(kind: .invalidRequest, host: host) }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var attempt = 0
        while true {
            attempt += 1
            let remaining = deadline - clock.now
            guard remaining > .zero else { throw HTTPFailure(kind: .timeout, host: host, attempts: attempt - 1, limit: .duration(timeout)) }
            let (result, retryAfter) = once(request, within: remaining)
            var failure: HTTPFailure
            switch result {
            case .success(let response): return response
            case .failure(let error): failure = error
            }
            failure.attempts = attempt
            if failure.kind == .timeout { failure.limit = .duration(timeout) }
            guard attempt < maximumAttempts, Self.isRetryable(failure, request) else { throw failure }
            let wait = retryAfter ?? backoff(attempt)
            // A wait that ends past the deadline cannot lead to an answer in time: fail now, with
            // the server's answer, rather than sleep into a timeout.
            guard clock.now + wait < deadline else { throw failure }
            onRetry?(failure, wait)
            if let signal = pause(wait) { throw HTTPFailure(kind: .interrupted(signal: signal), host: host, attempts: attempt) }
        }
    }

    /// Whether another attempt may succeed and does no harm.
    static func isRetryable(_ failure: HTTPFailure, _ request: HTTPRequest) -> Bool {
        switch failure.kind {
        case .status: return failure.status.map { $0 == 429 || (500...599).contains($0) } ?? false
        case .resolve, .connect: return true
        case .transfer: return request.isIdempotent
        case .invalidRequest, .tls, .timeout, .tooLarge, .interrupted, .unexpectedAnswer: return false
        }
    }

    /// The wait before attempt `attempt + 1`: `firstBackoff` doubled per attempt, capped, with
    /// jitter in its upper half so clients that failed together do not return together.
    func backoff(_ attempt: Int) -> Duration {
        var wait = firstBackoff
        for _ in 1..<attempt where wait < longestBackoff { wait *= 2 }
        wait = min(wait, longestBackoff)
        return wait / 2 + wait / 2 * Double.random(in: 0...1)
    }

    /// Sleeps `duration` in short steps; the signal that cut it short, if one came.
    private func pause(_ duration: Duration) -> Int32? {
        let clock = ContinuousClock()
        let end = clock.now + duration
        while clock.now < end {
            if let signal = stopSignal() { return signal }
            OS.pause(min(end - clock.now, .milliseconds(50)))
        }
        return stopSignal()
    }

    /// One attempt: the response or the failure, and the wait the server asked for.
    private func once(_ request: HTTPRequest, within remaining: Duration) -> (Result<HTTPResponse, HTTPFailure>, Duration?) {
        let host = request.host
        guard let easy = CurlEasy() else { return (.failure(HTTPFailure(kind: .transfer, host: host, detail: "libcurl could not start")), nil) }
        let sink = ResponseSink(limit: maximumBodyBytes, stopSignal: stopSignal)
        let outcome = easy.perform(request, client: self, timeout: remaining, sink: sink)
        if outcome.code == CURLE_OK {
            let response = HTTPResponse(status: outcome.status, headers: sink.headers, body: sink.body)
            if (200...299).contains(outcome.status) { return (.success(response), nil) }
            let retryAfter = response.header("Retry-After").flatMap {
                RetryAfter.delay($0, now: Instant(microseconds: OS.currentMicroseconds()) ?? .earliest)
            }
            let failure = HTTPFailure(kind: .status, host: host, status: outcome.status, body: Array(sink.body.prefix(4096)))
            return (.failure(failure), retryAfter)
        }
        var failure = HTTPFailure(kind: Self.kind(outcome.code, sink: sink), host: host, status: outcome.status == 0 ? nil : outcome.status)
        switch failure.kind {
        case .tls, .connect, .resolve, .transfer: failure.detail = Self.scrubbed(outcome.detail, request)
        case .tooLarge: failure.limit = .bytes(maximumBodyBytes)
        default: break
        }
        return (.failure(failure), nil)
    }

    /// The failure's kind for curl's result code (never its message).
    static func kind(_ code: CURLcode, sink: ResponseSink) -> HTTPFailure.Kind {
        if let signal = sink.signal { return .interrupted(signal: signal) }
        if sink.exceeded { return .tooLarge }
        switch code {
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL, CURLE_BAD_FUNCTION_ARGUMENT: return .invalidRequest
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .resolve
        case CURLE_COULDNT_CONNECT: return .connect
        case CURLE_OPERATION_TIMEDOUT: return .timeout
        case CURLE_FILESIZE_EXCEEDED: return .tooLarge
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM,
            CURLE_SSL_CIPHER, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
            CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE,
            CURLE_USE_SSL_FAILED:
            return .tls
        default: return .transfer
        }
    }

    /// curl's explanation, first line, unless it holds any part of the request but its host (the
    /// path, the query, a header's value).
    static func scrubbed(_ detail: String, _ request: HTTPRequest) -> String? {
        let line = detail.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard !line.isEmpty else { return nil }
        var secrets = request.headers.map(\.value).filter { $0.count >= 4 }
        let (userInfo, _, rest) = request.parts
        if !userInfo.isEmpty { secrets.append(String(userInfo.dropLast())) }
        if rest.count > 1 {
            secrets.append(String(rest))
            secrets.append(contentsOf: rest.split(whereSeparator: { "/?&=#".contains($0) }).map(String.init).filter { $0.count >= 4 })
        }
        return secrets.contains(where: { line.contains($0) }) ? nil : String(line.prefix(200))
    }
}
