/// An e-mail address from the command line (`--mail-to`, `--mail-from`): `user@example.com` or
/// `Name <user@example.com>`. The address itself must be ASCII without spaces or controls; the name
/// may be any text and is quoted or RFC 2047-encoded in the header.
public struct MailAddress: Hashable, Sendable {
    /// The display name, or nil.
    public var name: String?
    /// `local@domain`.
    public var address: String

    /// Reads `text`; nil when it is not one address as described.
    public init?(_ text: String) {
        let trimmed = MailAddress.trimmed(Substring(text))
        var name: String?
        var address = trimmed
        if trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") {
            let display = MailAddress.trimmed(trimmed[..<open])
            address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            let unquoted = display.count >= 2 && display.hasPrefix("\"") && display.hasSuffix("\"")
                ? String(display.dropFirst().dropLast()) : display
            name = unquoted.isEmpty ? nil : unquoted
        }
        guard MailAddress.isAddress(address) else { return nil }
        if let name, name.unicodeScalars.contains(where: Escape.isControl) { return nil }
        self.name = name
        self.address = address
    }

    /// Whether `text` is `local@domain` as RFC 5321 mailboxes are written on the command line:
    /// one `@`; the local part a dot-atom (RFC 5322 atext between single dots), at most 64
    /// characters; the domain host-name labels (letters, digits, inner hyphens) joined by dots; at
    /// most 254 characters in all. `x@evil.com@y.z` is not one address.
    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, text.utf8.count <= 254, parts[0].utf8.count <= 64 else { return false }
        let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".unicodeScalars)
        let local = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        guard local.allSatisfy({ !$0.isEmpty && $0.unicodeScalars.allSatisfy(atext.contains) }) else { return false }
        let letters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-".unicodeScalars)
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy {
            !$0.isEmpty && $0.utf8.count <= 63 && $0.first != "-" && $0.last != "-" && $0.unicodeScalars.allSatisfy(letters.contains)
        }
    }

    private static func trimmed(_ text: Substring) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }

    /// The address as a header writes it: the name quoted when ASCII, else encoded.
    var headerText: String {
        guard let name else { return address }
        let ascii = name.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
        if ascii && !name.contains("=?") && name.count <= 60 {
            var quoted = ""
            for character in name {
                if character == "\\" || character == "\"" { quoted += "\\" }
                quoted.append(character)
            }
            return "\"\(quoted)\" <\(address)>"
        }
        return MIME.encodedWords(name) + "\n <" + address + ">"
    }
}

/// Who the `--format email` message is from and to, and how its subject starts.
public struct MailSettings: Hashable, Sendable {
    /// `--mail-to`, in order; the email format needs at least one.
    public var recipients: [MailAddress] = []
    /// `--mail-from`; by default `traceaudit@` this host's name.
    public var sender: MailAddress?
    /// `--subject-prefix`, `[traceaudit]` by default.
    public var subjectPrefix = "[traceaudit]"

    public init() {}
}
