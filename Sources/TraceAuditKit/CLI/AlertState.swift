/// `--state FILE`: what the last runs found and told the receiver, one entry per alert (the
/// command, target and table of PagerDuty's `dedup_key`) and receiver (`AlertDelivery.stateKey`), so that `--notify-on change` posts
/// only news: a new verdict, more violations or a newer one.
///
/// The file is JSON (`schema_version` 1), replaced atomically (temporary file, fsync, rename) and
/// read and written under an exclusive lock on `FILE.lock`, so overlapping cron runs take turns.
struct AlertState: Equatable {
    /// One alert's last run.
    struct Entry: Equatable {
        var verdict: AlertSummary.Verdict
        /// Violations found (for ERROR, those of the last run that could check).
        var violations: Int
        /// The newest violation's instant, when known.
        var newest: Instant?
        /// When the run that wrote it started.
        var checkedAt: Instant
    }

    /// The entries in the order first seen.
    var entries: [(key: String, entry: Entry)] = []

    static func == (lhs: AlertState, rhs: AlertState) -> Bool {
        lhs.entries.count == rhs.entries.count && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.entry == $1.entry }
    }

    subscript(key: String) -> Entry? {
        get { entries.first { $0.key == key }?.entry }
        set {
            guard let newValue else { return entries.removeAll { $0.key == key } }
            if let index = entries.firstIndex(where: { $0.key == key }) {
                entries[index].entry = newValue
            } else {
                entries.append((key, newValue))
            }
        }
    }

    /// Whether `current` is worth a post after `previous` under `--notify-on change`: a verdict
    /// other than the last (a first run only when it is not a PASS: nothing to resolve), or, still
    /// failing, more violations or a newer one than the last run saw.
    static func isNews(_ current: Entry, after previous: Entry?) -> Bool {
        guard let previous else { return current.verdict != .pass }
        if current.verdict != previous.verdict { return true }
        guard current.verdict == .fail else { return false }
        if current.violations > previous.violations { return true }
        if let newest = current.newest, previous.newest.map({ newest > $0 }) ?? true { return true }
        return false
    }

    // MARK: The file

    /// The state in `text`, or nil when it is not a state file.
    init?(parsing text: String) {
        guard let root = JSONNode.parse(text), root["schema_version"]?.text == "1", case .array(let alerts)? = root["alerts"] else { return nil }
        for alert in alerts {
            guard let key = alert["key"]?.text, let verdict = alert["verdict"]?.text.flatMap(AlertSummary.Verdict.init(rawValue:)),
                let violations = alert["violations"]?.text.flatMap({ Int($0) }), violations >= 0,
                let checkedAt = alert["checked_at"]?.text.flatMap({ Instant(parsing: $0) })
            else { return nil }
            var newest: Instant?
            if let text = alert["newest_violation_at"]?.text {
                guard let instant = Instant(parsing: text) else { return nil }
                newest = instant
            }
            self[key] = Entry(verdict: verdict, violations: violations, newest: newest, checkedAt: checkedAt)
        }
    }

    init() {}

    /// The file's text.
    var serialized: String {
        JSONValue.object([
            ("schema_version", .integer(1)),
            ("tool", .string("traceaudit")),
            ("alerts", .array(entries.map { key, entry in
                .object([
                    ("key", .string(key)), ("verdict", .string(entry.verdict.rawValue)), ("violations", .integer(entry.violations)),
                    ("newest_violation_at", .optional(entry.newest?.description)), ("checked_at", .string(entry.checkedAt.description)),
                ])
            })),
        ]).serialized() + "\n"
    }

    /// The state in `path`; empty when there is no file yet. An unreadable file or one that is not
    /// a state file is exit 3: posting without it could page again for an old incident.
    static func read(_ path: String) throws(TraceAuditError) -> AlertState {
        let shown = Escape.terminal(path)
        guard let bytes = OS.readFile(path, limit: 1 << 22) else {
            if OS.lastErrorIsMissingFile { return AlertState() }
            if OS.lastErrorIsTooLarge { throw .failed(.local(.inputFile, "--state \(shown) is larger than 4 MiB: not a traceaudit state file", target: shown)) }
            throw .failed(.local(.inputFile, "cannot read --state \(shown): \(OS.lastErrorText)", target: shown))
        }
        guard let state = AlertState(parsing: String(decoding: bytes, as: UTF8.self)) else {
            throw .failed(.local(.inputFile, "--state \(shown) is not a traceaudit state file; move it away (the next run starts a new one)", target: shown))
        }
        return state
    }

    /// Replaces `path` with this state atomically: a temporary file in its folder, synced, renamed over it.
    func write(_ path: String) throws(TraceAuditError) {
        let shown = Escape.terminal(path)
        guard let template = OutputPath.temporaryTemplate(for: path), let made = OS.makeTemporaryFile(template) else {
            throw .failed(.local(.outputFile, "cannot write --state \(shown): \(OS.lastErrorText)", target: shown))
        }
        var failed = false
        let sink = FileDescriptorSink(descriptor: made.descriptor)
        sink.write(serialized)
        sink.flush()
        failed = sink.closed || !OS.sync(made.descriptor)
        let reason = failed ? (sink.failure ?? OS.lastErrorText) : ""
        OS.close(made.descriptor)
        guard !failed, OS.rename(made.path, path) else {
            let why = failed ? reason : OS.lastErrorText
            OS.remove(made.path)
            throw .failed(.local(.outputFile, "cannot write --state \(shown): \(why)", target: shown))
        }
    }
}

/// The exclusive lock on `--state FILE` (on `FILE.lock`, which outlives the renames of FILE),
/// held from reading the state to writing it; released when the value goes away.
final class AlertStateLock {
    private let descriptor: Int32

    /// Waits up to `waitMicroseconds` for another run to finish with the state.
    init(statePath: String, waitMicroseconds: Int64) throws(TraceAuditError) {
        let path = statePath + ".lock"
        descriptor = OS.lockExclusively(path, waitMicroseconds: waitMicroseconds, stop: { Interruption.shared.receivedSignal != nil })
        guard descriptor >= 0 else {
            if OS.lastErrorIsLockHeld {
                throw .failed(.local(.outputFile, "--state \(Escape.terminal(statePath)) is locked by another traceaudit run (\(Escape.terminal(path))); runs overlap: space the cron lines further apart"))
            }
            throw .failed(.local(.outputFile, "cannot lock --state \(Escape.terminal(path)): \(OS.lastErrorText)"))
        }
    }

    deinit {
        OS.close(descriptor)
    }
}
