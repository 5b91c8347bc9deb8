/// `--format slack`: a Slack incoming-webhook message, one JSON object with `text` (the fallback
/// that notifications show) and Block Kit `blocks`: a header with the verdict, a section with the
/// numbers and what to do, the counts as fields, the top types and newest job ids, and a context
/// line naming target, table, window and run.
///
/// Every limit Slack documents for messages is kept (`Limit`): a list too long for its section is
/// cut whole items at a time and ends "…and N more", so the payload is never malformed; a value is
/// never cut inside. Every value from the data goes through `Escape.slack` and the text objects are
/// `verbatim`, so data can form no link, mention or channel name.
enum SlackWriter {
    /// Slack's documented limits (Block Kit reference: blocks, header, section, context).
    enum Limit {
        /// Blocks in one message.
        static let blocks = 50
        /// A header block's plain_text.
        static let header = 150
        /// A section block's text.
        static let section = 3000
        /// A section block's fields, and the text of each.
        static let fields = 10
        static let field = 2000
        /// A context block's elements.
        static let contextElements = 10
        /// The top-level `text`: Slack truncates long messages; the fallback stays as short as a section.
        static let text = 3000
        /// One context element's text, well under a section's, so a long target cannot crowd the line.
        static let contextElement = 300
    }

    /// The message for `alert`, serialized, with a final newline.
    static func message(_ alert: AlertSummary, context: ReportContext) -> String {
        let mark = switch alert.verdict {
        case .pass: ":large_green_circle:"
        case .fail: ":red_circle:"
        case .error: ":warning:"
        }
        var blocks: [JSONValue] = [
            .object([
                ("type", .string("header")),
                ("text", .object([
                    ("type", .string("plain_text")),
                    ("text", .string(escaped("\(alert.word): \(alert.table) · traceaudit \(alert.command.rawValue)", limit: Limit.header, prefix: mark + " "))),
                    ("emoji", .bool(true)),
                ])),
            ]),
            section("*" + escaped(alert.headline, limit: Limit.section / 2) + "*\n" + escaped(alert.message, limit: Limit.section / 2 - 4)),
        ]
        if !alert.facts.isEmpty {
            let fields = alert.facts.prefix(Limit.fields).map { fact in
                mrkdwn("*" + Escape.slack(fact.label) + "*\n" + Counting.number(fact.value))
            }
            blocks.append(.object([("type", .string("section")), ("fields", .array(fields))]))
        }
        for list in alert.lists where list.total > 0 {
            blocks.append(section(listText(list)))
        }
        let origin = AlertSummary.origin(context).prefix(Limit.contextElements).map { part in
            mrkdwn(escaped(part.value, limit: Limit.contextElement, prefix: "*" + part.label + ":* "))
        }
        blocks.append(.object([("type", .string("context")), ("elements", .array(Array(origin)))]))
        let text = escaped(alert.title + ". " + alert.message, limit: Limit.text, prefix: mark + " ")
        return JSONValue.object([("text", .string(text)), ("blocks", .array(Array(blocks.prefix(Limit.blocks))))]).serialized() + "\n"
    }

    /// `*Title*`, then one `• item` line for each item the section has room for (an item too long
    /// for the room left is skipped, never cut), then `…and N more` for the items not shown.
    static func listText(_ list: AlertSummary.List) -> String {
        var text = "*" + Escape.slack(list.title) + "*"
        // Room kept for the last line, whatever N.
        let room = Limit.section - 40
        var shown = 0
        for item in list.items {
            let line = "\n• " + Escape.slack(item)
            guard text.utf16.count + line.utf16.count <= room else { continue }
            text += line
            shown += 1
        }
        if list.total > shown {
            text += "\n…and \(Counting.number(list.total - shown)) more"
        }
        return text
    }

    /// `prefix` then `value` escaped for Slack, cut (on whole escapes) so that the whole holds at
    /// most `limit` UTF-16 code units, ending in `…` when cut.
    static func escaped(_ value: String, limit: Int, prefix: String = "") -> String {
        let whole = prefix + Escape.slack(value)
        guard whole.utf16.count > limit else { return whole }
        var out = prefix
        var used = prefix.utf16.count
        for scalar in value.unicodeScalars {
            let piece = Escape.slack(String(scalar))
            guard used + piece.utf16.count <= limit - 1 else { break }
            out += piece
            used += piece.utf16.count
        }
        return out + "…"
    }

    private static func section(_ text: String) -> JSONValue {
        .object([("type", .string("section")), ("text", mrkdwn(text))])
    }

    /// A mrkdwn text object that Slack does not link-ify: URLs, channel names and mentions in the
    /// data stay text.
    private static func mrkdwn(_ text: String) -> JSONValue {
        .object([("type", .string("mrkdwn")), ("text", .string(text)), ("verbatim", .bool(true))])
    }
}
