import Foundation
import Synchronization
import Testing
@testable import TraceAuditKit

/// The libcurl client against a loopback HTTPS server with an openssl-made CA.
@Suite("HTTP client", .serialized, .enabled(if: HTTPSTestServer.enabled))
struct HTTPClientTests {
    static let token = "sbp_0123456789abcdef_secret_token"
    static let queryToken = "qtok_9876543210_secret"

    /// A client that trusts the test CA through CURL_CA_BUNDLE, with short backoffs.
    static func client(_ server: HTTPSTestServer, timeout: Duration = .seconds(10), variable: String = "CURL_CA_BUNDLE") -> HTTPClient {
        var client = HTTPClient(timeout: timeout, environment: [variable: server.authority.certificate])
        client.firstBackoff = .milliseconds(20)
        return client
    }

    static func request(_ server: HTTPSTestServer, path: String = "/v1/things") -> HTTPRequest {
        HTTPRequest(url: server.baseURL + path + "?token=\(queryToken)&sql=select%201", headers: [HTTPHeader("Authorization", "Bearer \(token)")])
    }

    /// Every way a failure is shown: none may hold the token, the query token or the path.
    static func expectNoSecrets(_ failure: HTTPFailure) {
        for text in [failure.message, failure.traceAuditError.message, "\(failure)", String(reflecting: failure)] {
            #expect(!text.contains(token) && !text.contains(queryToken) && !text.contains("select") && !text.contains("/v1/things"), "\(text)")
        }
    }

    static func failure(_ body: () throws(HTTPFailure) -> HTTPResponse) -> HTTPFailure? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    @Test func getSendsHeadersAndQueryAndReadsTheAnswer() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in .json(#"{"result":[],"error":null}"#, headers: [("X-Request-Id", "abc")]) }))
        let response = try Self.client(server).send(Self.request(server))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == #"{"result":[],"error":null}"#)
        #expect(response.header("x-request-id") == "abc")
        let recorded = try #require(server.requests.first)
        #expect(server.requests.count == 1)
        #expect(recorded.method == "GET" && recorded.path == "/v1/things")
        #expect(recorded.parameter("token") == Self.queryToken && recorded.parameter("sql") == "select 1")
        #expect(recorded.header("Authorization") == "Bearer \(Self.token)")
        #expect(recorded.header("User-Agent") == "traceaudit")
    }

    @Test func postSendsItsBody() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in HTTPSTestServer.Reply(status: 204) }))
        let body = Array(#"{"text":"POLICY_VIOLATION"}"#.utf8)
        let request = HTTPRequest(.post, url: server.baseURL + "/hook", headers: [HTTPHeader("Content-Type", "application/json")], body: body)
        let response = try Self.client(server).send(request)
        #expect(response.status == 204 && response.body.isEmpty)
        let recorded = try #require(server.requests.first)
        #expect(recorded.method == "POST" && Array(recorded.body) == body && recorded.header("Content-Type") == "application/json")
        #expect(recorded.header("Expect") == nil)
    }

    @Test func tooManyRequestsIsRetriedAfterRetryAfter() throws {
        let count = Atomic(0)
        let server = try #require(try HTTPSTestServer.start({ _ in
            count.add(1, ordering: .relaxed).newValue == 1
                ? .json(#"{"message":"slow down"}"#, status: 429, headers: [("Retry-After", "1")]) : .json("[]")
        }))
        let waits = Mutex<[Duration]>([])
        var client = Self.client(server)
        client.onRetry = { failure, wait in waits.withLock { $0.append(wait) } }
        let start = ContinuousClock.now
        let response = try client.send(Self.request(server))
        #expect(response.status == 200)
        #expect(ContinuousClock.now - start >= .seconds(1))
        #expect(server.requests.count == 2)
        #expect(waits.withLock { $0 } == [.seconds(1)])
    }

    @Test func retryAfterAsAnHTTPDateIsHonoured() throws {
        let count = Atomic(0)
        let server = try #require(try HTTPSTestServer.start({ _ in
            let date = Date().addingTimeInterval(2)
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            return count.add(1, ordering: .relaxed).newValue == 1
                ? HTTPSTestServer.Reply(status: 503, headers: [("Retry-After", formatter.string(from: date))]) : .json("[]")
        }))
        let waits = Mutex<[Duration]>([])
        var client = Self.client(server)
        client.onRetry = { _, wait in waits.withLock { $0.append(wait) } }
        _ = try client.send(Self.request(server))
        let wait = try #require(waits.withLock { $0 }.first)
        // Whole seconds in the header: between 1 and 2 s from now.
        #expect(wait > .milliseconds(900) && wait <= .seconds(2))
    }

    @Test func retryAfterForms() throws {
        let now = try #require(Instant(year: 1994, month: 11, day: 6)).microseconds + 8 * 3600 * 1_000_000
        let at = Instant(microseconds: now)!
        #expect(RetryAfter.delay("120", now: at) == .seconds(120))
        #expect(RetryAfter.delay(" 7 ", now: at) == .seconds(7))
        #expect(RetryAfter.delay("Sun, 06 Nov 1994 08:49:37 GMT", now: at) == .seconds(49 * 60 + 37))
        #expect(RetryAfter.delay("Sunday, 06-Nov-94 08:49:37 GMT", now: at) == .seconds(49 * 60 + 37))
        #expect(RetryAfter.delay("Sun Nov  6 08:49:37 1994", now: at) == .seconds(49 * 60 + 37))
        #expect(RetryAfter.delay("Sun, 06 Nov 1994 07:00:00 GMT", now: at) == .zero)
        #expect(RetryAfter.delay("soon", now: at) == nil)
        #expect(RetryAfter.delay("-5", now: at) == nil)
    }

    @Test func serverErrorThenSuccess() throws {
        let count = Atomic(0)
        let server = try #require(try HTTPSTestServer.start({ _ in
            count.add(1, ordering: .relaxed).newValue == 1 ? .json(#"{"message":"boom"}"#, status: 500) : .json("[1]")
        }))
        let response = try Self.client(server).send(Self.request(server))
        #expect(String(decoding: response.body, as: UTF8.self) == "[1]")
        #expect(server.requests.count == 2)
        #expect(server.requests.allSatisfy { $0.header("Authorization") == "Bearer \(Self.token)" })
    }

    @Test func persistentServerErrorFailsAfterTheAttempts() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in .json(#"{"message":"boom \#(Self.token)"}"#, status: 502) }))
        var client = Self.client(server)
        client.maximumAttempts = 3
        let failure = try #require(Self.failure { () throws(HTTPFailure) in try client.send(Self.request(server)) })
        #expect(failure.kind == .status && failure.status == 502 && failure.attempts == 3)
        #expect(failure.message == "localhost:\(server.port) answered HTTP 502 after 3 attempts")
        #expect(server.requests.count == 3)
        // The error body is kept for a caller that knows its format, and never shown.
        #expect(String(decoding: failure.body ?? [], as: UTF8.self).contains("boom"))
        #expect(!failure.message.contains("boom"))
    }

    @Test func clientErrorIsNotRetried() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in .json(#"{"message":"Unauthorized"}"#, status: 401) }))
        let failure = try #require(Self.failure { () throws(HTTPFailure) in try Self.client(server).send(Self.request(server)) })
        #expect(failure.kind == .status && failure.status == 401 && failure.attempts == 1)
        #expect(server.requests.count == 1)
        Self.expectNoSecrets(failure)
    }

    @Test func aStallEndsAtTheTimeout() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in HTTPSTestServer.Reply(status: 200, delay: 30) }))
        let start = ContinuousClock.now
        let failure = try #require(Self.failure { () throws(HTTPFailure) in try Self.client(server, timeout: .seconds(1)).send(Self.request(server)) })
        let elapsed = ContinuousClock.now - start
        #expect(failure.kind == .timeout)
        #expect(failure.message == "localhost:\(server.port) did not answer within 1 s; raise --timeout or try again later")
        // Ends at the 1 s deadline, far from the server's 30 s stall (the margin is for a loaded machine).
        #expect(elapsed >= .seconds(1) && elapsed < .seconds(15), "\(elapsed)")
        Self.expectNoSecrets(failure)
    }

    @Test func theTimeoutCoversTheRetries() throws {
        // Each attempt answers 503 after 0.4 s; with a 1 s deadline there is no third answer.
        let server = try #require(try HTTPSTestServer.start({ _ in HTTPSTestServer.Reply(status: 503, delay: 0.4) }))
        let start = ContinuousClock.now
        let failure = try #require(Self.failure { () throws(HTTPFailure) in try Self.client(server, timeout: .seconds(1)).send(Self.request(server)) })
        #expect(ContinuousClock.now - start < .seconds(3))
        #expect(failure.kind == .timeout || (failure.kind == .status && failure.status == 503))
        #expect(server.requests.count <= 3)
    }

    @Test func aRetryAfterBeyondTheDeadlineFailsAtOnce() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in HTTPSTestServer.Reply(status: 429, headers: [("Retry-After", "3600")]) }))
        let start = ContinuousClock.now
        let failure = try #require(Self.failure { () throws(HTTPFailure) in try Self.client(server, timeout: .seconds(5)).send(Self.request(server)) })
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect(failure.kind == .status && failure.status == 429 && failure.attempts == 1)
    }

    @Test func anUnknownCertificateAuthorityIsRefused() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in .json("[]") }))
        let client = HTTPClient(timeout: .seconds(10), environment: [:])
        let failure = try #require(Self.failure { () throws(HTTPFailure) in try client.send(Self.request(server)) })
        #expect(failure.kind == .tls && failure.attempts == 1)
        #expect(failure.message.hasPrefix("TLS with localhost:\(server.port) failed"))
        #expect(server.requests.isEmpty)
        Self.expectNoSecrets(failure)
    }

    @Test func sslCertFileIsHonouredLikeCurlCABundle() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in .json("[]") }))
        #expect(try Self.client(server, variable: "SSL_CERT_FILE").send(Self.request(server)).status == 200)
    }

    @Test func aHostNameTheCertificateDoesNotNameIsRefused() throws {
        // The certificate names localhost and 127.0.0.1, not 127.0.0.2 (which also reaches loopback).
        let server = try #require(try HTTPSTestServer.start(address: "127.0.0.2", { _ in .json("[]") }))
        let request = HTTPRequest(url: "https://127.0.0.2:\(server.port)/v1/things?token=\(Self.queryToken)")
        let failure = try #require(Self.failure { () throws(HTTPFailure) in try Self.client(server).send(request) })
        #expect(failure.kind == .tls && failure.attempts == 1)
        #expect(server.requests.isEmpty)
        Self.expectNoSecrets(failure)
    }

    @Test func aClosedPortIsAConnectFailure() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in .json("[]") }))
        // A port bound but not listening: connections are refused.
        let socket = try LoopbackSocket(listening: false)
        defer { close(socket.descriptor) }
        let probe = socket.port
        var client = Self.client(server)
        client.maximumAttempts = 2
        let request = HTTPRequest(url: "https://user:\(Self.token)@127.0.0.1:\(probe)/v1/things?token=\(Self.queryToken)", headers: [HTTPHeader("Authorization", "Bearer \(Self.token)")])
        let failure = try #require(Self.failure { () throws(HTTPFailure) in try client.send(request) })
        #expect(failure.kind == .connect && failure.attempts == 2 && failure.host == "127.0.0.1:\(probe)")
        Self.expectNoSecrets(failure)
    }

    @Test func aBodyOverTheLimitIsRefused() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in HTTPSTestServer.Reply(status: 200, body: Data(repeating: 0x41, count: 64 * 1024)) }))
        var client = Self.client(server)
        client.maximumBodyBytes = 4096
        let failure = try #require(Self.failure { () throws(HTTPFailure) in try client.send(Self.request(server)) })
        #expect(failure.kind == .tooLarge && failure.attempts == 1)
    }

    @Test func aSignalStopsARequestInFlight() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in HTTPSTestServer.Reply(status: 200, delay: 30) }))
        let start = ContinuousClock.now
        var client = Self.client(server, timeout: .seconds(60))
        client.stopSignal = { ContinuousClock.now - start > .milliseconds(300) ? 15 : nil }
        let failure = try #require(Self.failure { () throws(HTTPFailure) in try client.send(Self.request(server)) })
        #expect(failure.kind == .interrupted(signal: 15))
        #expect(failure.traceAuditError == .interrupted(signal: 15))
        #expect(ContinuousClock.now - start < .seconds(3))
    }

    @Test func aSignalStopsTheWaitBeforeARetry() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in HTTPSTestServer.Reply(status: 429, headers: [("Retry-After", "20")]) }))
        let start = ContinuousClock.now
        var client = Self.client(server, timeout: .seconds(60))
        client.stopSignal = { ContinuousClock.now - start > .milliseconds(500) ? 2 : nil }
        let failure = try #require(Self.failure { () throws(HTTPFailure) in try client.send(Self.request(server)) })
        #expect(failure.kind == .interrupted(signal: 2))
        #expect(ContinuousClock.now - start < .seconds(3))
        #expect(server.requests.count == 1)
    }

    @Test func aLineBreakInAHeaderIsRefusedBeforeSending() throws {
        let server = try #require(try HTTPSTestServer.start({ _ in .json("[]") }))
        let request = HTTPRequest(url: server.baseURL + "/x", headers: [HTTPHeader("Authorization", "Bearer x\r\nX-Injected: 1")])
        let failure = try #require(Self.failure { () throws(HTTPFailure) in try Self.client(server).send(request) })
        #expect(failure.kind == .invalidRequest)
        #expect(server.requests.isEmpty)
    }

    @Test func theHostIsTheOnlyPartOfTheURLNamed() {
        #expect(HTTPRequest(url: "https://api.supabase.com/v1/projects/abc?sql=x").host == "api.supabase.com")
        #expect(HTTPRequest(url: "https://u:secret@hooks.slack.com:8443/services/T/B/X").host == "hooks.slack.com:8443")
        #expect(HTTPRequest(url: "https://[::1]:9/x").host == "[::1]:9")
        #expect(HTTPRequest(url: "https://events.pagerduty.com#frag").host == "events.pagerduty.com")
    }
}
