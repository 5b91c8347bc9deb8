/// One HTTP request as `HTTPClient` sends it. The URL and the headers may carry secrets (a token
/// in the query, `Authorization`): nothing but `host` ever reaches a message.
struct HTTPRequest: Sendable {
    enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
    }

    var method: Method
    /// An `https://` (or `http://`) URL, query included.
    var url: String
    var headers: [HTTPHeader]
    /// The body of a POST; nil sends none.
    var body: [UInt8]?

    init(_ method: Method = .get, url: String, headers: [HTTPHeader] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The host (and port) of `url`, without user information, path or query: the only part of a
    /// request a failure names.
    var host: String {
        let host = parts.authority.filter { $0.isASCII && ($0.isLetter || $0.isNumber || ".-:[]_".contains($0)) }
        return host.isEmpty ? "the server" : String(host)
    }

    /// `url` cut at the host: the user information before it (with its `@`) and the path, query
    /// and fragment after it. Both may hold secrets.
    var parts: (userInfo: Substring, authority: Substring, rest: Substring) {
        var start = url.startIndex
        if let scheme = url.firstRange(of: "://") { start = scheme.upperBound }
        let end = url[start...].firstIndex(where: { "/?#".contains($0) }) ?? url.endIndex
        let authority = url[start..<end]
        guard let at = authority.lastIndex(of: "@") else { return (url[start..<start], authority, url[end...]) }
        return (url[start...at], url[url.index(after: at)..<end], url[end...])
    }

    /// Whether sending it twice does no harm, so a connection lost mid-request may be retried.
    var isIdempotent: Bool { method == .get }

    /// Why curl must not be given this request (a line break in a header would start another
    /// header), or nil.
    var malformation: String? {
        if url.contains(where: { $0.isNewline || $0 == " " }) { return "the URL has a space or a line break" }
        for header in headers {
            if header.name.isEmpty || header.name.contains(where: { $0.isNewline || $0 == ":" || $0 == " " }) {
                return "a header name is empty or has a colon, space or line break"
            }
            if header.value.contains(where: \.isNewline) { return "a header value has a line break" }
        }
        return nil
    }
}

/// One header line, as sent or received.
struct HTTPHeader: Equatable, Sendable {
    var name: String
    var value: String

    init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
