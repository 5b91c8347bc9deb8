/// What `traceaudit --version` prints. The first line is `traceaudit VERSION` alone, for scripts;
/// then the commit the binary was built from and the libpq and SQLite it is running with.
enum VersionText {
    static var text: String { text(commit: BuildInfo.commit) }

    /// The text for a build from `commit` (nil: not built from a git checkout).
    static func text(commit: String?) -> String {
        """
        traceaudit \(Release.version)
        commit: \(commit ?? "unknown (not built from a git checkout)")
        libpq: \(PGConnection.libraryVersion)
        SQLite: \(SQLiteConnection.libraryVersion)

        """
    }
}
