import CCurl

/// One libcurl easy handle, used for one attempt of one request: it owns the handle, the header
/// list and the error buffer, and frees them in `deinit`. Every string option is copied by curl
/// while `withCString` holds it; nothing keeps a pointer into a Swift string.
final class CurlEasy {
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// curl's result code and HTTP status of one attempt, and curl's own explanation.
    struct Outcome {
        var code: CURLcode
        var status: Int
        var detail: String
    }

    /// Curl initialised once per process (`curl_global_init` must not run twice at once; a static
    /// is initialised once).
    private static let ready: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    /// The version of the libcurl the tool runs with, for `doctor` and bug reports.
    static var libraryVersion: String { String(cString: curl_version()) }

    init?() {
        guard CurlEasy.ready, let handle = curl_easy_init() else { return nil }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Sends `request` once, within `timeout`, writing the answer into `sink`.
    func perform(_ request: HTTPRequest, client: HTTPClient, timeout: Duration, sink: ResponseSink) -> Outcome {
        guard let headers = CurlHeaderList(request.headers.map { "\($0.name): \($0.value)" } + ["Expect:"]) else {
            return Outcome(code: CURLE_OUT_OF_MEMORY, status: 0, detail: "")
        }
        var code = configure(request, client: client, timeout: timeout, headers: headers)
        if code == CURLE_OK {
            let context = Unmanaged.passUnretained(sink).toOpaque()
            _ = ccurl_setopt_pointer(handle, CURLOPT_WRITEDATA, context)
            _ = ccurl_setopt_pointer(handle, CURLOPT_HEADERDATA, context)
            _ = ccurl_setopt_pointer(handle, CURLOPT_XFERINFODATA, context)
            code = withExtendedLifetime((sink, headers)) { curl_easy_perform(handle) }
        }
        var status = 0
        _ = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return Outcome(code: code, status: status, detail: String(cString: errorBuffer))
    }

    /// Sets every option of the attempt; the first failing option's code, or CURLE_OK.
    private func configure(_ request: HTTPRequest, client: HTTPClient, timeout: Duration, headers: CurlHeaderList) -> CURLcode {
        let milliseconds = max(1, Int(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000))
        var codes = [
            ccurl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer),
            // Signals belong to Interruption; curl must not install handlers or use alarm().
            ccurl_setopt_long(handle, CURLOPT_NOSIGNAL, 1),
            string(CURLOPT_URL, request.url),
            string(CURLOPT_PROTOCOLS_STR, "http,https"),
            ccurl_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0),
            // TLS verification is never disabled.
            ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1),
            ccurl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2),
            ccurl_setopt_long(handle, CURLOPT_TIMEOUT_MS, milliseconds),
            ccurl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, milliseconds),
            string(CURLOPT_USERAGENT, client.userAgent),
            // Every encoding curl can decode; the size limit applies to the decoded body.
            string(CURLOPT_ACCEPT_ENCODING, ""),
            ccurl_setopt_offset(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(client.maximumBodyBytes)),
            ccurl_setopt_slist(handle, CURLOPT_HTTPHEADER, headers.pointer),
            ccurl_setopt_write(handle, CURLOPT_WRITEFUNCTION, ResponseSink.writeBody),
            ccurl_setopt_write(handle, CURLOPT_HEADERFUNCTION, ResponseSink.writeHeader),
            ccurl_setopt_xferinfo(handle, ResponseSink.progress),
            ccurl_setopt_long(handle, CURLOPT_NOPROGRESS, 0),
        ]
        if let file = client.certificateFile { codes.append(string(CURLOPT_CAINFO, file)) }
        if let folder = client.certificateFolder { codes.append(string(CURLOPT_CAPATH, folder)) }
        switch request.method {
        case .get:
            codes.append(ccurl_setopt_long(handle, CURLOPT_HTTPGET, 1))
        case .post:
            let body = request.body ?? []
            codes.append(ccurl_setopt_offset(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)))
            // COPYPOSTFIELDS: curl keeps its own copy of the body (a one-byte array stands in for
            // an empty one, whose address may be nil; curl reads none of it).
            let bytes = body.isEmpty ? [0] : body
            codes.append(bytes.withUnsafeBytes { ccurl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: $0.baseAddress)) })
        }
        return codes.first { $0 != CURLE_OK } ?? CURLE_OK
    }

    private func string(_ option: CURLoption, _ value: String) -> CURLcode {
        value.withCString { ccurl_setopt_string(handle, option, $0) }
    }
}

/// A curl header list (`struct curl_slist`), freed in `deinit`; curl copies each line into it.
final class CurlHeaderList {
    let pointer: UnsafeMutablePointer<curl_slist>?

    init?(_ lines: [String]) {
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let longer = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                return nil
            }
            list = longer
        }
        pointer = list
    }

    deinit {
        curl_slist_free_all(pointer)
    }
}

/// Where one attempt's answer goes, and what stops it: the callbacks curl calls during
/// `curl_easy_perform` reach it through their user-data pointer.
final class ResponseSink {
    let limit: Int
    let stopSignal: @Sendable () -> Int32?
    private(set) var body: [UInt8] = []
    private(set) var headers: [HTTPHeader] = []
    /// The body passed `limit`.
    private(set) var exceeded = false
    /// The signal that stopped the transfer.
    private(set) var signal: Int32?

    init(limit: Int, stopSignal: @escaping @Sendable () -> Int32?) {
        self.limit = limit
        self.stopSignal = stopSignal
    }

    static let writeBody: curl_write_callback = { data, size, count, context in
        let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        guard sink.body.count + length <= sink.limit else {
            sink.exceeded = true
            return 0
        }
        if let data { sink.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length)) }
        return length
    }

    static let writeHeader: curl_write_callback = { data, size, count, context in
        let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        guard let data else { return length }
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            // A new response (after 100 Continue or a proxy's CONNECT): only the last one counts.
            sink.headers = []
        } else if let colon = line.firstIndex(of: ":"), sink.headers.count < 200 {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingWhitespace
            sink.headers.append(HTTPHeader(name, value))
        }
        return length
    }

    static let progress: curl_xferinfo_callback = { context, _, _, _, _ in
        let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
        guard let signal = sink.stopSignal() else { return 0 }
        sink.signal = signal
        return 1
    }
}

extension Substring {
    fileprivate var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
