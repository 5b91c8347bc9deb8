import CLibPQ

extension PGConnection {
    /// The version of the libpq the process is running with (PQlibVersion(), not the headers it was
    /// built against), such as `15.10` or, before PostgreSQL 10, `9.6.24`.
    static var libraryVersion: String {
        let number = Int(PQlibVersion())
        return number >= 100_000 ? "\(number / 10_000).\(number % 10_000)" : "\(number / 10_000).\(number / 100 % 100).\(number % 100)"
    }
}
