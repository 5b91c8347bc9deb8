/// A response `HTTPClient` accepted: status 2xx, its headers, and its body (at most the client's
/// `maximumBodyBytes`).
struct HTTPResponse: Sendable {
    var status: Int
    /// The final response's header lines, in order, names as the server wrote them.
    var headers: [HTTPHeader]
    var body: [UInt8]

    /// The first header called `name`, compared without case.
    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}
