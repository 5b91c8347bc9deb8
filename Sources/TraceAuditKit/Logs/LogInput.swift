#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One log source: a file, standard input (`-`), or a `.gz` file read through `gzip -dc`, read in
/// fixed-size chunks so that a multi-gigabyte log runs in flat memory.
final class LogInput {
    /// The name as given, for messages (`-` is standard input).
    let name: String
    private let descriptor: Int32
    private var child: pid_t = 0
    private var finished = false

    /// Opens `name`; fails with a one-line message when it cannot be read.
    init(_ name: String) throws(TraceAuditError) {
        self.name = name
        if name == "-" {
            descriptor = STDIN_FILENO
            return
        }
        var info = stat()
        guard stat(name, &info) == 0 else {
            throw .cannotCheck("cannot read log \(name): \(String(cString: strerror(errno)).lowercased())")
        }
        guard (info.st_mode & S_IFMT) != S_IFDIR else { throw .cannotCheck("log \(name) is a directory; give the log files") }
        if name.hasSuffix(".gz") {
            var pipeEnds: [Int32] = [0, 0]
            guard pipe(&pipeEnds) == 0 else { throw .cannotCheck("cannot read log \(name): \(String(cString: strerror(errno)).lowercased())") }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], STDOUT_FILENO)
            posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
            let arguments = ["gzip", "-dc", "--", name]
            var argv = arguments.map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            let status = posix_spawnp(&child, "gzip", &actions, nil, &argv, environ)
            close(pipeEnds[1])
            guard status == 0 else {
                close(pipeEnds[0])
                throw .cannotCheck("cannot decompress log \(name): gzip could not start (\(String(cString: strerror(status)).lowercased()))")
            }
            descriptor = pipeEnds[0]
            return
        }
        descriptor = open(name, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .cannotCheck("cannot read log \(name): \(String(cString: strerror(errno)).lowercased())")
        }
    }

    deinit {
        if descriptor != STDIN_FILENO { close(descriptor) }
        if child != 0 && !finished {
            kill(child, SIGTERM)
            var status: Int32 = 0
            waitpid(child, &status, 0)
        }
    }

    /// Reads up to `buffer.count` bytes; 0 at the end. A failed gzip is an error at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(TraceAuditError) -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count > 0 { return count }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw .cannotCheck("cannot read log \(name): \(String(cString: strerror(errno)).lowercased())") }
            try finish()
            return 0
        }
    }

    private func finish() throws(TraceAuditError) {
        guard child != 0, !finished else { return }
        finished = true
        var status: Int32 = 0
        waitpid(child, &status, 0)
        let exited = status & 0x7F == 0
        let code = (status >> 8) & 0xFF
        guard exited && code == 0 else {
            throw .cannotCheck("cannot decompress log \(name): gzip failed (\(exited ? "exit \(code)" : "signal \(status & 0x7F)")); is it a gzip file?")
        }
    }
}
