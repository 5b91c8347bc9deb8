extension SQLiteSnapshot {
    /// What the file and its neighbours look like before SQLite opens it.
    struct Layout {
        /// The header says write-ahead logging.
        var isWAL: Bool
        /// A non-empty `-wal` file lies beside it.
        var hasWAL: Bool
        /// A `-shm` file lies beside it: a writer has the file open, or had.
        var hasSHM: Bool
        /// A `-journal` beside it starts with a rollback journal's header: a writer stopped in the
        /// middle of a transaction (SQLite rolls it back on the next read-write open).
        var hasHotJournal: Bool
    }

    /// Checks that `path` is a readable SQLite file, without creating or changing anything.
    static func inspect(_ path: String) throws(TraceAuditError) -> Layout {
        guard let info = OS.status(path, followingLinks: true) else {
            throw .failed(.local(.snapshot,
                "cannot open SQLite snapshot \(path): \(OS.lastErrorText); give a snapshot file or a postgresql:// URL with --db", target: path))
        }
        if info.kind == .directory {
            throw .failed(.local(.snapshot, "\(path) is a directory, not a SQLite snapshot; give the database file with --db", target: path))
        }
        guard info.kind == .regular else {
            throw .failed(.local(.snapshot, "\(path) is not a regular file; give a SQLite snapshot file with --db", target: path))
        }
        guard info.size > 0 else {
            throw .failed(.local(.snapshot, "\(path) is empty (0 bytes), not a SQLite database", target: path))
        }
        let descriptor = OS.openForReading(path)
        guard descriptor >= 0 else {
            throw .failed(.local(.snapshot, "cannot read \(path): \(OS.lastErrorText)", target: path))
        }
        defer { OS.close(descriptor) }
        var header = [UInt8](repeating: 0, count: 100)
        let count = header.withUnsafeMutableBytes { OS.read(descriptor, $0.baseAddress!, 100) }
        let magic = Array("SQLite format 3\0".utf8)
        guard count == 100, Array(header[0..<16]) == magic else {
            throw .failed(.local(.snapshot, "\(path) is not a SQLite database (no SQLite header)", target: path))
        }
        let hasWAL = (OS.status(path + "-wal", followingLinks: true)?.size ?? 0) > 0
        let hasSHM = OS.exists(path + "-shm")
        return Layout(
            isWAL: header[18] == 2 || header[19] == 2, hasWAL: hasWAL, hasSHM: hasSHM, hasHotJournal: startsWithJournalHeader(path + "-journal"))
    }

    /// Whether the file at `path` begins with the magic of a rollback journal's header (a journal
    /// that was committed or persisted has it zeroed, or is empty).
    static func startsWithJournalHeader(_ path: String) -> Bool {
        let descriptor = OS.openForReading(path)
        guard descriptor >= 0 else { return false }
        defer { OS.close(descriptor) }
        let magic: [UInt8] = [0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]
        var bytes = [UInt8](repeating: 0, count: 8)
        let count = bytes.withUnsafeMutableBytes { OS.read(descriptor, $0.baseAddress!, 8) }
        return count == 8 && bytes == magic
    }

    /// A `file:` URI for `path`, percent-encoded, read-only, and immutable when asked.
    static func uri(for path: String, immutable: Bool) -> String {
        let uri = (path.hasPrefix("/") ? "file://" : "file:") + Redaction.percentEncoded(path, keeping: [UInt8(ascii: "/")])
        return uri + (immutable ? "?mode=ro&immutable=1" : "?mode=ro")
    }
}
