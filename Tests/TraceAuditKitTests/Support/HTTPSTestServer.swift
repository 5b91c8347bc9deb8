import Foundation
import Synchronization

/// A loopback HTTPS server for the HTTP client's tests: Python's `http.server` behind `ssl`, with a
/// certificate from an openssl-made CA (`authority.certificate`, which the client is given through
/// CURL_CA_BUNDLE or SSL_CERT_FILE). Each request is recorded and answered by `respond`, a
/// closure the test sets: status, headers, body, and a delay before the answer (a stall).
final class HTTPSTestServer: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        var path: String
        /// The raw query string, percent-encoded as sent.
        var query: String
        var headers: [(name: String, value: String)]
        var body: Data

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The query's parameters, percent-decoded, in order.
        var parameters: [(name: String, value: String)] {
            query.split(separator: "&").map { pair in
                let parts = pair.split(separator: "=", maxSplits: 1).map {
                    String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
                }
                return (parts[0], parts.count > 1 ? parts[1] : "")
            }
        }

        func parameter(_ name: String) -> String? { parameters.first { $0.name == name }?.value }
    }

    struct Reply: Sendable {
        var status: Int
        var headers: [(String, String)] = []
        var body: Data = Data()
        /// Seconds the server waits before it answers.
        var delay: Double = 0

        static func json(_ text: String, status: Int = 200, headers: [(String, String)] = []) -> Reply {
            Reply(status: status, headers: [("Content-Type", "application/json")] + headers, body: Data(text.utf8))
        }
    }

    let authority: TestCertificateAuthority
    let port: Int
    /// `https://localhost:PORT`.
    var baseURL: String { "https://localhost:\(port)" }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let state = Mutex<(requests: [Request], respond: @Sendable (Request) -> Reply)>(([], { _ in Reply(status: 404) }))

    /// Whether the tests that need the server run (their `.enabled(if:)` trait): with python3, and
    /// always under CI=true, where a missing python3 fails them.
    static var enabled: Bool { ExternalTool.installed("python3") }

    /// Starts the server; nil when python3 is missing outside CI (in CI that throws).
    /// `address` is the loopback address it listens on (its certificate names only 127.0.0.1 and localhost).
    static func start(address: String = "127.0.0.1", _ respond: @escaping @Sendable (Request) -> Reply) throws -> HTTPSTestServer? {
        guard let python = try ExternalTool.require("python3", package: "apt-get install python3") else { return nil }
        return try HTTPSTestServer(python: python, address: address, respond: respond)
    }

    private init(python: String, address: String, respond: @escaping @Sendable (Request) -> Reply) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("traceaudit-https-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        authority = try TestCertificateAuthority.make(in: folder)
        state.withLock { $0.respond = respond }
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", Self.script, authority.serverCertificate, authority.serverKey, address]
        process.standardInput = input
        process.standardOutput = output
        // Not the test process's standard error: swift test waits for every holder of it to exit.
        process.standardError = FileHandle.nullDevice
        try process.run()
        guard let line = Self.readLine(output.fileHandleForReading), let port = Int(line) else {
            process.terminate()
            throw TestFailure("the HTTPS test server did not start")
        }
        self.port = port
        let thread = Thread { [weak self, output, input] in
            while let line = Self.readLine(output.fileHandleForReading) {
                guard let self, let request = Self.decode(line) else { return }
                let reply = self.state.withLock { state in
                    state.requests.append(request)
                    return state.respond
                }(request)
                let object: [String: Any] = [
                    "status": reply.status, "headers": reply.headers.map { [$0.0, $0.1] }, "body": reply.body.base64EncodedString(), "delay": reply.delay,
                ]
                var data = try! JSONSerialization.data(withJSONObject: object)
                data.append(0x0A)
                input.fileHandleForWriting.write(data)
            }
        }
        thread.start()
    }

    deinit {
        // SIGKILL: the test process may ignore SIGTERM, and its children inherit that.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: authority.folder)
    }

    /// Replaces the answering closure.
    func respond(_ respond: @escaping @Sendable (Request) -> Reply) {
        state.withLock { $0.respond = respond }
    }

    /// The requests received so far, in order.
    var requests: [Request] { state.withLock { $0.requests } }

    private static func readLine(_ handle: FileHandle) -> String? {
        var line = Data()
        while true {
            let byte = handle.readData(ofLength: 1)
            if byte.isEmpty { return line.isEmpty ? nil : String(decoding: line, as: UTF8.self) }
            if byte == Data("\n".utf8) { return String(decoding: line, as: UTF8.self) }
            line.append(byte)
        }
    }

    private static func decode(_ line: String) -> Request? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            let method = object["method"] as? String, let path = object["path"] as? String, let query = object["query"] as? String,
            let headers = object["headers"] as? [[String]], let body = (object["body"] as? String).flatMap({ Data(base64Encoded: $0) })
        else { return nil }
        return Request(method: method, path: path, query: query, headers: headers.map { ($0[0], $0[1]) }, body: body)
    }

    /// Each request goes out on standard output as one JSON line; its answer comes back as one
    /// line on standard input (one exchange at a time), then the delay, then the response.
    static let script = #"""
        import base64, json, os, ssl, sys, threading, time
        from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
        from urllib.parse import urlsplit
        lock = threading.Lock()
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args):
                pass
            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                record = {"method": self.command, "path": parts.path, "query": parts.query,
                          "headers": [[k, v] for k, v in self.headers.items()], "body": base64.b64encode(body).decode()}
                with lock:
                    sys.stdout.write(json.dumps(record) + "\n")
                    sys.stdout.flush()
                    line = sys.stdin.readline()
                if not line:
                    os._exit(0)
                reply = json.loads(line)
                time.sleep(reply["delay"])
                data = base64.b64decode(reply["body"])
                try:
                    self.send_response(reply["status"])
                    for name, value in reply["headers"]:
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                    pass
            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = answer
        def watch(parent=os.getppid()):
            # Ends with the test process, even one killed before it could stop this server.
            while os.getppid() == parent:
                time.sleep(0.5)
            os._exit(0)
        threading.Thread(target=watch, daemon=True).start()
        ThreadingHTTPServer.daemon_threads = True
        server = ThreadingHTTPServer((sys.argv[3], 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[1], sys.argv[2])
        server.socket = context.wrap_socket(server.socket, server_side=True)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """#
}
