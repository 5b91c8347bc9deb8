/// `--format email`: a complete Internet message for `sendmail -t` or `msmtp -t`: the headers
/// (the subject carries the verdict and the numbers), then `multipart/alternative` with a text
/// part readable at 72 columns and an HTML part for mail clients (inline styles, table bars).
/// Both parts are quoted-printable, so every line stays within RFC 5322's limits whatever the data.
///
/// When the audit cannot run the message still goes out, with an ERROR subject and the reason, so
/// a cron job piping into `msmtp -t` reports the failure to the recipients.
final class EmailWriter: ReportWriter {
    private let sink: TextSink
    private let context: ReportContext
    private let mail: MailSettings
    private var rows: [Violation] = []

    /// The most violation rows an e-mail lists: the newest ones; the counts stay exact.
    static let rowLimit = 20

    init(sink: TextSink, context: ReportContext, mail: MailSettings) {
        self.sink = sink
        self.context = context
        self.mail = mail
    }

    func rowLimit(requested: Int?) -> Int? {
        min(requested ?? Self.rowLimit, Self.rowLimit)
    }

    /// The daily mail shows the last days next to the window's.
    var wantsTrend: Bool { true }

    func begin(_ report: AuditReport) throws {}

    func violation(_ violation: Violation) throws {
        rows.append(violation)
    }

    func end(_ report: AuditReport) throws {
        let text = PlainTextReport(report: report, rows: rows, context: context).text
        let html = HTMLReport(report: report, rows: rows, context: context, medium: .mail).document
        sink.write(Self.message(subject: ReportHeadline.subject(report, prefix: mail.subjectPrefix), verdict: ReportHeadline.verdict(report), text: text, html: html, context: context, mail: mail))
    }

    func failed(_ error: TraceAuditError) -> Bool {
        let table = context.policy.table.description
        let reason = "traceaudit could not check \(table) in \(context.target): \(error.message)"
        let subject = (mail.subjectPrefix.isEmpty ? "" : mail.subjectPrefix + " ") + "ERROR \(table): could not check"
        let html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(Escape.html(subject))</title></head>"
            + "<body><p style=\"font-family:sans-serif;color:#b42318;\">\(Escape.html(reason))</p></body></html>\n"
        sink.write(Self.message(subject: subject, verdict: "ERROR", text: reason + "\n", html: html, context: context, mail: mail))
        return true
    }

    /// The message: headers (`verdict` in X-Traceaudit-Verdict), then the text and the HTML part.
    static func message(subject: String, verdict: String, text: String, html: String, context: ReportContext, mail: MailSettings) -> String {
        var generator = SystemRandomNumberGenerator()
        let token = String(generator.next(), radix: 36) + String(generator.next(), radix: 36)
        // `=_` never occurs in quoted-printable text, so no body line can match the boundary.
        let boundary = "=_traceaudit_" + token
        let host = Self.domain(OS.hostName())
        let sender = mail.sender ?? MailAddress("traceaudit@" + host)!
        var out = MIME.addresses("From", [sender])
        out += MIME.addresses("To", mail.recipients)
        out += MIME.unstructured("Subject", subject)
        out += "Date: " + MIME.date(context.startedAt) + "\n"
        out += MIME.structured("Message-ID", "<traceaudit.\(context.startedAt.microseconds).\(token)@\(host)>")
        out += "MIME-Version: 1.0\n"
        out += "Auto-Submitted: auto-generated\n"
        out += "X-Traceaudit-Verdict: \(verdict)\n"
        out += "Content-Type: multipart/alternative;\n boundary=\"\(boundary)\"\n\n"
        out += "This is a MIME message: a text part and an HTML part.\n"
        for (type, body) in [("plain", text), ("html", html)] {
            out += "\n--\(boundary)\nContent-Type: text/\(type); charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
            out += MIME.quotedPrintable(body) + "\n"
        }
        return out + "\n--\(boundary)--\n"
    }

    /// A host name usable after `@` (labels of letters, digits and inner hyphens, 200 characters
    /// at most), else `localhost`.
    static func domain(_ host: String?) -> String {
        guard let host, host.utf8.count <= 200, MailAddress.isAddress("traceaudit@" + host) else { return "localhost" }
        return host
    }
}
