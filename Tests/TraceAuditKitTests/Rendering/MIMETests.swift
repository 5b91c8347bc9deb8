import Testing
@testable import TraceAuditKit

/// The message pieces of `--format email`, checked without a mail chain (EmailDeliveryTests does
/// the whole chain): line limits, encodings and values that try to break a header.
@Suite("MIME")
struct MIMETests {
    @Test func quotedPrintableKeepsLinesShortAndEncodesWhatItMust() {
        let text = String(repeating: "é=x ", count: 60) + "\nFrom here\n.dot\ntrailing \nplain"
        let encoded = MIME.quotedPrintable(text)
        for line in encoded.split(separator: "\n", omittingEmptySubsequences: false) {
            #expect(line.utf8.count <= 76, "\(line)")
            #expect(line.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }, "\(line)")
        }
        #expect(encoded.contains("=C3=A9=3Dx"))
        #expect(encoded.contains("\n=46rom here\n=2Edot\ntrailing=20\nplain"))
        #expect(decode(encoded) == text)
    }

    @Test func subjectWithLineBreaksStaysOneField() {
        let header = MIME.unstructured("Subject", "FAIL jobs\r\nBcc: attacker@example.com")
        #expect(header == "Subject: FAIL jobs\\r\\nBcc: attacker@example.com\n")
    }

    @Test func nonASCIISubjectIsEncodedInShortWords() {
        let subject = "[audit ✓] FAIL " + String(repeating: "Zoë ", count: 30)
        let header = MIME.unstructured("Subject", subject)
        let lines = header.split(separator: "\n")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.count <= 78 && $0.unicodeScalars.allSatisfy { $0.value < 0x7F } })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" =?UTF-8?B?") })
    }

    @Test func longASCIISubjectIsFoldedAtSpaces() {
        let header = MIME.unstructured("Subject", "[traceaudit] FAIL executor_jobs: 152 violations on 2026-11-28 (94.41%), 3 undated jobs without trace")
        #expect(header.split(separator: "\n").allSatisfy { $0.count <= 78 })
        #expect(header.replacingOccurrences(of: "\n ", with: " ").hasSuffix("(94.41%), 3 undated jobs without trace\n"))
    }

    @Test(arguments: ["a@example.com\nBcc: b@example.com", "a@exa mple.com", "no-at-sign", "Name <a@example.com", "Nämé <ä@example.com>", "a@b,c@d",
        "x@evil.com@y.z", "Ops <x@evil.com@y.z>", "a..b@example.com", ".a@example.com", "a@example..com", "a@-example.com", "a@example.com.",
        String(repeating: "a", count: 65) + "@example.com", "a@" + String(repeating: "b", count: 60) + "." + String(repeating: "c.", count: 100) + "com"])
    func addressesThatCouldBreakAHeaderAreRefused(_ text: String) {
        #expect(MailAddress(text) == nil)
    }

    @Test func subjectKeepsBackslashesSingle() {
        #expect(MIME.unstructured("Subject", #"[ops\prod] FAIL C:\jobs"#) == #"Subject: [ops\prod] FAIL C:\jobs"# + "\n")
        #expect(MIME.unstructured("Subject", "a\\b") == "Subject: a\\b\n")
        #expect(MIME.unstructured("Subject", "é\\x") == "Subject: " + MIME.encodedWords("é\\x") + "\n")
    }

    /// Every header line of a message to many people, some with long names or long addresses,
    /// fits in 78 columns unless one address alone is longer, and never passes 998.
    @Test func headerLinesAreFolded() throws {
        let name = String(repeating: "Operations Team ", count: 3) + "Europe"
        let long = String(repeating: "l", count: 64) + "@" + String(repeating: "sub.", count: 40) + "example.com"
        var recipients = (0..<40).map { "\(name) <oncall-\($0)@example.com>" }
        recipients += ["plain@example.com", long, "\(name) <\(long)>"]
        let snapshot = try FormatTests.dataSet()
        let result = run(["--db", snapshot.path, "--format", "email", "--subject-prefix", "[" + String(repeating: "x", count: 90) + "]"]
            + recipients.flatMap { ["--mail-to", $0] })
        #expect(result.code == .violations, "\(result.errors)")
        let header = try #require(result.output.components(separatedBy: "\n\n").first)
        for line in header.split(separator: "\n") {
            #expect(line.utf8.count <= 998)
            let alone = String(line.filter { !" <>,".contains($0) }) == long
            #expect(line.utf8.count <= 78 || alone, "\(line.utf8.count): \(line)")
        }
        // Unfolded, the To field still lists every recipient.
        let unfolded = header.replacingOccurrences(of: "\n ", with: " ")
        let to = try #require(unfolded.split(separator: "\n").first { $0.hasPrefix("To: ") })
        #expect(to.components(separatedBy: "@").count - 1 == recipients.count)
        #expect(MIME.structured("Message-ID", "<" + String(repeating: "m", count: 80) + "@host>").split(separator: "\n").first == "Message-ID:")
        #expect(MIME.structured("Message-ID", "<m@host>") == "Message-ID: <m@host>\n")
    }

    @Test func displayNamesAreQuotedOrEncoded() {
        #expect(MailAddress("Audit \"Bot\" <a@example.com>")?.headerText == "\"Audit \\\"Bot\\\"\" <a@example.com>")
        #expect(MailAddress("Zoë <z@example.com>")?.headerText == "=?UTF-8?B?Wm/Dqw==?=\n <z@example.com>")
    }

    @Test func dateIsRFC5322() {
        #expect(MIME.date(Instant(year: 2026, month: 11, day: 29)!) == "Sun, 29 Nov 2026 00:00:00 +0000")
        #expect(MIME.date(Instant(unixSeconds: Int64(0))!) == "Thu, 1 Jan 1970 00:00:00 +0000")
    }

    @Test func htmlEscapingShowsMarkupAsText() {
        #expect(Escape.html("<b a=\"1\" b='2'>&\n\u{202E}") == "&lt;b a=&quot;1&quot; b=&#39;2&#39;&gt;&amp;\\n\\u{202E}")
    }

    /// Quoted-printable decoded, for the round trip.
    private func decode(_ encoded: String) -> String {
        var bytes: [UInt8] = []
        let source = Array(encoded.replacingOccurrences(of: "=\n", with: "").utf8)
        var index = 0
        while index < source.count {
            if source[index] == UInt8(ascii: "="), index + 2 < source.count,
                let value = UInt8(String(decoding: source[index + 1...index + 2], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(source[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
