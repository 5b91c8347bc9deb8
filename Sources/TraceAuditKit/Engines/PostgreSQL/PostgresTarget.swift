import CLibPQ

/// A PostgreSQL target as given (`postgresql://…` URL or libpq keyword string), with what may be
/// shown of it and the secrets that must never be shown.
struct PostgresTarget {
    /// The target exactly as given, handed to libpq.
    let connection: String
    /// `postgresql://user@host:port/db`, never with a password.
    let display: String
    /// Passwords from the target and PGPASSWORD, to scrub from every message.
    let secrets: [String]
    /// The libpq keywords the target itself sets, with their values (password included: never show).
    let settings: [String: String]

    /// Reads `connection` with libpq's own parser; a malformed one is a usage error.
    init(_ connection: String, environment: [String: String]) throws(TraceAuditError) {
        self.connection = connection
        var fields: [String: String] = [:]
        var message: UnsafeMutablePointer<CChar>?
        if let options = PQconninfoParse(connection, &message) {
            defer { PQconninfoFree(options) }
            var option = options
            while let keyword = option.pointee.keyword {
                if let value = option.pointee.val { fields[String(cString: keyword)] = String(cString: value) }
                option += 1
            }
        } else {
            let text = message.map { PGError.firstLine(String(cString: $0)) } ?? "malformed"
            PQfreemem(message)
            let secrets = PostgresTarget.secrets(in: connection, environment: environment)
            throw .usage(.invalid(Redaction.scrub("--db is not a valid PostgreSQL connection string: \(text)", secrets: secrets)))
        }
        settings = fields
        secrets = [fields["password"], environment["PGPASSWORD"]].compactMap { $0 }.filter { !$0.isEmpty }
            + PostgresTarget.secrets(in: connection, environment: [:])
        func pick(_ keyword: String, _ variable: String) -> String? {
            fields[keyword].flatMap { $0.isEmpty ? nil : $0 } ?? environment[variable].flatMap { $0.isEmpty ? nil : $0 }
        }
        display = PostgresTarget.display(
            user: pick("user", "PGUSER"), host: pick("host", "PGHOST") ?? pick("hostaddr", "PGHOSTADDR"),
            port: pick("port", "PGPORT"), database: pick("dbname", "PGDATABASE"), service: pick("service", "PGSERVICE"))
    }

    /// `failure` with this target's passwords scrubbed from every text it holds.
    func scrubbed(_ failure: Failure) -> Failure {
        var failure = failure
        let scrub = { (text: String) in Redaction.scrub(text, secrets: self.secrets) }
        failure.target = scrub(failure.target)
        failure.reason = failure.reason.map(scrub)
        failure.context = failure.context.map(scrub)
        if var server = failure.server {
            server.message = scrub(server.message)
            server.detail = server.detail.map(scrub)
            server.hint = server.hint.map(scrub)
            failure.server = server
        }
        return failure
    }

    /// `postgresql://user@host:port/db`, leaving out what is not known.
    static func display(user: String?, host: String?, port: String?, database: String?, service: String? = nil) -> String {
        if let service, host == nil { return "postgresql://?service=\(service)" }
        var text = "postgresql://"
        if let user, !user.isEmpty { text += user + "@" }
        text += host ?? ""
        if let port, !port.isEmpty { text += ":" + port }
        if let database, !database.isEmpty { text += "/" + database }
        return text
    }

    /// The password part of a URL or keyword string, found without libpq (for when it cannot parse).
    static func secrets(in connection: String, environment: [String: String]) -> [String] {
        var found: [String] = []
        if let scheme = connection.firstRange(of: "://") {
            let rest = connection[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            if let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") {
                found.append(String(authority[authority.index(after: colon)..<at]))
            }
        }
        for part in connection.split(whereSeparator: { $0 == " " || $0 == "&" || $0 == "?" }) {
            let pair = part.split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0].lowercased() == "password" {
                found.append(String(pair[1]).trimmingQuotes)
            }
        }
        return found.filter { !$0.isEmpty }
    }
}

extension String {
    var trimmingQuotes: String {
        var text = Substring(self)
        while let first = text.first, first == "'" || first == "\"" { text = text.dropFirst() }
        while let last = text.last, last == "'" || last == "\"" { text = text.dropLast() }
        return String(text)
    }
}

/// Removes secrets from text before it is shown.
enum Redaction {
    /// `text` with every occurrence of each secret (and its percent-encoded form) replaced by `***`.
    static func scrub(_ text: String, secrets: [String]) -> String {
        var result = text
        for secret in secrets where !secret.isEmpty {
            for form in [secret, percentEncoded(secret)] where !form.isEmpty {
                result = result.split(separator: form, omittingEmptySubsequences: false).joined(separator: "***")
            }
        }
        return result
    }

    /// `text` with every byte but unreserved characters (RFC 3986) as `%HH`.
    static func percentEncoded(_ text: String, keeping extra: Set<UInt8> = []) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            case _ where extra.contains(byte):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return result
    }
}
