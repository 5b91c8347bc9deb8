/// The frame and pieces every HTML report is made of (the checks' `HTMLReport`, readiness'
/// page): a centred card of sections, headings, notes and tables, inline styles only, so mail
/// clients that strip `<head>` styles show them as browsers do. Text goes through `Escape.html`.
enum HTMLPage {
    enum Medium {
        /// A page of its own, opened in a browser.
        case page
        /// The HTML part of an e-mail.
        case mail
    }

    /// The page's policy: no request of any kind, inline styles only.
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'"

    /// The whole document: `title` (escaped here), then each section (HTML) in a row of the card.
    static func document(title: String, medium: Medium, sections: [String]) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        if medium == .page {
            out += "<meta http-equiv=\"Content-Security-Policy\" content=\"\(contentSecurityPolicy)\">\n"
            out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        }
        out += "<title>\(Escape.html(title))</title>\n</head>\n"
        out += "<body style=\"margin:0;padding:0;background:\(Palette.page);\">\n"
        out += "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" style=\"background:\(Palette.page);\"><tr><td align=\"center\" style=\"padding:24px 12px;\">\n"
        out += "<table role=\"presentation\" width=\"720\" cellpadding=\"0\" cellspacing=\"0\" style=\"width:100%;max-width:720px;background:#ffffff;border:1px solid \(Palette.rule);border-radius:8px;\(CSS.font)\">\n"
        for section in sections {
            out += "<tr><td style=\"padding:20px 28px 4px 28px;\">\n" + section + "</td></tr>\n"
        }
        out += "</table>\n</td></tr></table>\n</body>\n</html>\n"
        return out
    }

    /// The report's first lines: `source` (what was read, in small print), then the verdict as a
    /// green or red badge (`id="verdict"`) and the `headline` beside it (`id="headline"`).
    static func verdictHeading(source: String, passed: Bool, verdict: String, headline: String) -> String {
        var out = "<p style=\"margin:0 0 6px 0;font-size:13px;color:\(Palette.muted);\">\(Escape.html(source))</p>\n"
        out += "<h1 style=\"margin:0;font-size:22px;line-height:1.3;font-weight:600;color:\(Palette.text);\">"
        out += "<span id=\"verdict\" style=\"display:inline-block;padding:2px 10px;margin-right:8px;border-radius:4px;background:\(passed ? Palette.pass : Palette.fail);color:#ffffff;\">\(Escape.html(verdict))</span>"
        return out + "<span id=\"headline\">\(Escape.html(headline))</span></h1>\n"
    }

    static func heading(_ text: String) -> String {
        "<h2 style=\"margin:8px 0 8px 0;font-size:16px;font-weight:600;color:\(Palette.text);\">\(Escape.html(text))</h2>\n"
    }

    static func note(_ text: String) -> String {
        note(html: Escape.html(text))
    }

    /// A note from HTML already escaped, with an element id when given.
    static func note(html: String, id: String? = nil) -> String {
        "<p\(id.map { " id=\"\($0)\"" } ?? "") style=\"margin:6px 0;font-size:13px;color:\(Palette.muted);\">\(html)</p>\n"
    }

    static func tableStart(id: String, _ headers: [String], numeric: [Bool]) -> String {
        var out = "<table id=\"\(id)\" cellpadding=\"0\" cellspacing=\"0\" style=\"border-collapse:collapse;width:100%;font-size:13px;\">\n<tr>"
        for (index, header) in headers.enumerated() {
            out += "<th style=\"\(CSS.header)text-align:\(numeric[index] ? "right" : "left");\">\(Escape.html(header))</th>"
        }
        return out + "</tr>\n"
    }

    /// A row of escaped cells; an alert cell is red and bold; `extra` is HTML appended as is.
    static func row(_ cells: [(text: String, alert: Bool)], numeric: [Bool], extra: String = "", nowrap: [Bool] = []) -> String {
        "<tr>" + self.cells(cells, numeric: numeric, nowrap: nowrap) + extra + "</tr>\n"
    }

    /// Escaped cells, left-aligned unless `numeric`, kept on one line where `nowrap` (dates); an
    /// alert cell is red and bold.
    static func cells(_ cells: [(text: String, alert: Bool)], numeric: [Bool] = [], nowrap: [Bool] = []) -> String {
        var out = ""
        for (index, cell) in cells.enumerated() {
            let color = cell.alert ? "color:\(Palette.fail);font-weight:600;" : ""
            let right = index < numeric.count && numeric[index]
            let oneLine = index < nowrap.count && nowrap[index] ? "white-space:nowrap;" : ""
            out += "<td style=\"\(CSS.cell)text-align:\(right ? "right" : "left");\(oneLine)\(color)\">\(Escape.html(cell.text))</td>"
        }
        return out
    }

    /// A bulleted list of escaped lines.
    static func list(id: String, _ items: [String]) -> String {
        "<ul id=\"\(id)\" style=\"margin:6px 0;padding-left:20px;font-size:13px;color:\(Palette.text);\">\n"
            + items.map { "<li style=\"margin:2px 0;\">\(Escape.html($0))</li>\n" }.joined() + "</ul>\n"
    }

    enum Palette {
        static let page = "#f2f4f7"
        static let text = "#101828"
        static let muted = "#667085"
        static let rule = "#e4e7ec"
        static let pass = "#067647"
        static let fail = "#b42318"

        /// A red from light (0) to dark (4).
        static func heat(_ level: Int) -> String {
            ["#fee4e2", "#fda29b", "#f97066", "#d92d20", "#912018"][min(4, max(0, level))]
        }
    }

    enum CSS {
        static let font = "font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#101828;"
        static let header = "padding:6px 8px;border-bottom:2px solid #e4e7ec;font-size:12px;color:#667085;font-weight:600;"
        static let cell = "padding:5px 8px;border-bottom:1px solid #e4e7ec;"
    }
}
