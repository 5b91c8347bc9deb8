import Foundation

/// An independent check of the slack and pagerduty payloads, in Python (its json module, strict):
/// every limit Slack's Block Kit reference and PagerDuty's Events API v2 reference document, and
/// no `<`, `>` or `&` in Slack text other than the three entities.
enum AlertPayloadCheck {
    /// The checker: reads one payload on standard input, prints `ok` or the broken rules.
    static let script = #"""
import json, sys, re, datetime
kind = sys.argv[1]
body = sys.stdin.read()
def no_dupes(pairs):
    keys = [k for k, _ in pairs]
    if len(keys) != len(set(keys)): raise ValueError("duplicate key")
    return dict(pairs)
doc = json.loads(body, object_pairs_hook=no_dupes)
problems = []
def units(s): return len(s.encode("utf-16-le")) // 2
def escaped_only(where, s):
    rest = re.sub(r"&(amp|lt|gt);", "", s)
    if re.search(r"[<>&]", rest): problems.append(where + ": raw < > or & in " + repr(s[:80]))
if kind == "slack":
    if not isinstance(doc.get("text"), str) or not doc["text"]: problems.append("no text fallback")
    else:
        escaped_only("text", doc["text"])
        if units(doc["text"]) > 40000: problems.append("text over 40000")
    blocks = doc.get("blocks")
    if not isinstance(blocks, list) or not 1 <= len(blocks) <= 50: problems.append("blocks: 1 to 50")
    for i, b in enumerate(blocks or []):
        t = b.get("type")
        if t == "header":
            o = b["text"]
            if o.get("type") != "plain_text": problems.append("header not plain_text")
            if not 1 <= units(o["text"]) <= 150: problems.append("header length %d" % units(o["text"]))
            escaped_only("header", o["text"])
        elif t == "section":
            if "text" in b:
                o = b["text"]
                if o.get("type") not in ("mrkdwn", "plain_text"): problems.append("section text type")
                if not 1 <= units(o["text"]) <= 3000: problems.append("section text length %d" % units(o["text"]))
                escaped_only("section %d" % i, o["text"])
            fields = b.get("fields")
            if fields is not None:
                if not 1 <= len(fields) <= 10: problems.append("fields count %d" % len(fields))
                for f in fields:
                    if not 1 <= units(f["text"]) <= 2000: problems.append("field length")
                    escaped_only("field", f["text"])
            if "text" not in b and fields is None: problems.append("section without text or fields")
        elif t == "context":
            els = b["elements"]
            if not 1 <= len(els) <= 10: problems.append("context elements %d" % len(els))
            for e in els:
                if e.get("type") not in ("mrkdwn", "plain_text"): problems.append("context element type")
                if not 1 <= units(e["text"]) <= 3000: problems.append("context text length")
                escaped_only("context", e["text"])
        else: problems.append("unexpected block " + repr(t))
elif kind == "pagerduty":
    if len(body.encode()) > 512 * 1024: problems.append("over 512 KB")
    if doc.get("event_action") not in ("trigger", "acknowledge", "resolve"): problems.append("event_action")
    k = doc.get("dedup_key")
    if not isinstance(k, str) or not 1 <= len(k) <= 255: problems.append("dedup_key")
    p = doc.get("payload") or {}
    if not isinstance(p.get("summary"), str) or not 1 <= len(p["summary"]) <= 1024: problems.append("summary length")
    if not isinstance(p.get("source"), str) or not p["source"]: problems.append("source")
    if p.get("severity") not in ("critical", "error", "warning", "info"): problems.append("severity")
    datetime.datetime.fromisoformat(p["timestamp"].replace("Z", "+00:00"))
    if not isinstance(p.get("custom_details"), dict): problems.append("custom_details")
    expects_key = len(sys.argv) > 2 and sys.argv[2] == "posted"
    if ("routing_key" in doc) != expects_key: problems.append("routing_key present" if not expects_key else "routing_key missing")
print("ok" if not problems else "\n".join(problems))
"""#

    /// The problems the checker found in `payload` (`slack` or `pagerduty`; `posted` for a body
    /// sent to PagerDuty, which carries the routing key); empty when none. Nil without python3 locally.
    static func problems(_ kind: String, _ payload: String, posted: Bool = false) throws -> [String]? {
        guard let python = try ExternalTool.require("python3", package: "python3") else { return nil }
        let result = try ExternalTool.run(python, ["-c", script, kind] + (posted ? ["posted"] : []), input: payload)
        guard result.status == 0 else { return ["checker failed: \(result.errors)"] }
        let lines = result.output.split(separator: "\n").map(String.init)
        return lines == ["ok"] ? [] : lines
    }
}
