/// Whether a PostgreSQL connection is encrypted, as libpq reports it after connecting.
public struct Encryption: Hashable, Sendable {
    /// The TLS protocol version ("TLSv1.3"); nil when the connection is not encrypted.
    public var tlsProtocol: String?

    /// Whether the connection uses TLS.
    public var encrypted: Bool { tlsProtocol != nil }

    /// One line for people: "connection: encrypted (TLSv1.3)" or "connection: not encrypted".
    var summary: String {
        tlsProtocol.map { "connection: encrypted (\(Escape.terminal($0)))" } ?? "connection: not encrypted"
    }
}
