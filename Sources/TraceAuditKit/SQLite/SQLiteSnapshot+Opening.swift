extension SQLiteSnapshot {
    /// What the file and its neighbours look like before SQLite opens it.
    struct Layout {
        /// The header says write-ahead logging.
        var isWAL: Bool
        /// A non-empty `-wal` file lies beside it.
        var hasWAL: Bool
        /// A `-shm` file lies beside it: a writer has the file open, or had.
        var hasSHM: Bool
    }

    /// Checks that `path` is a readable SQLite file, without creating or changing anything.
    static func inspect(_ path: String) throws(TraceAuditError) -> Layout {
        guard let info = OS.status(path, followingLinks: true) else {
            throw .cannotCheck(
                "cannot open SQLite snapshot \(path): \(OS.lastErrorText); give a snapshot file or a postgresql:// URL with --db")
        }
        if info.kind == .directory {
            throw .cannotCheck("\(path) is a directory, not a SQLite snapshot; give the database file with --db")
        }
        guard info.kind == .regular else {
            throw .cannotCheck("\(path) is not a regular file; give a SQLite snapshot file with --db")
        }
        guard info.size > 0 else {
            throw .cannotCheck("\(path) is empty (0 bytes), not a SQLite database")
        }
        let descriptor = OS.openForReading(path)
        guard descriptor >= 0 else {
            throw .cannotCheck("cannot read \(path): \(OS.lastErrorText)")
        }
        defer { OS.close(descriptor) }
        var header = [UInt8](repeating: 0, count: 100)
        let count = header.withUnsafeMutableBytes { OS.read(descriptor, $0.baseAddress!, 100) }
        let magic = Array("SQLite format 3\0".utf8)
        guard count == 100, Array(header[0..<16]) == magic else {
            throw .cannotCheck("\(path) is not a SQLite database (no SQLite header)")
        }
        let hasWAL = (OS.status(path + "-wal", followingLinks: true)?.size ?? 0) > 0
        let hasSHM = OS.exists(path + "-shm")
        return Layout(isWAL: header[18] == 2 || header[19] == 2, hasWAL: hasWAL, hasSHM: hasSHM)
    }

    /// A `file:` URI for `path`, percent-encoded, read-only, and immutable when asked.
    static func uri(for path: String, immutable: Bool) -> String {
        let uri = (path.hasPrefix("/") ? "file://" : "file:") + Redaction.percentEncoded(path, keeping: [UInt8(ascii: "/")])
        return uri + (immutable ? "?mode=ro&immutable=1" : "?mode=ro")
    }
}
