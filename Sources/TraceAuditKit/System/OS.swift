#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The operating-system calls traceaudit makes, in the one file that imports the C library, so
/// that the rest of the module names no platform. Linux (Glibc) is what is built and tested; the
/// Darwin branch is what macOS would need and is untested.
enum OS {
    // MARK: Descriptors

    static let standardInput: Int32 = 0
    static let standardOutput: Int32 = 1
    static let standardError: Int32 = 2

    /// The last call's error number.
    static var lastError: Int32 { errno }

    /// The system's text for an error number, lowercased to sit inside a sentence.
    static func describe(_ error: Int32) -> String {
        String(cString: strerror(error)).lowercased()
    }

    /// The system's text for the last call's error.
    static var lastErrorText: String { describe(errno) }

    static let interruptedCall = EINTR
    static let brokenPipe = EPIPE

    /// Where temporary files go: `$TMPDIR` when set and not empty, else /tmp.
    static func temporaryFolder(_ environment: [String: String]) -> String {
        environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    }

    /// write(2): bytes written, or -1 with `lastError` set.
    static func write(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, bytes, count)
        #else
        Darwin.write(descriptor, bytes, count)
        #endif
    }

    /// read(2): bytes read, 0 at the end, or -1 with `lastError` set.
    static func read(_ descriptor: Int32, _ bytes: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, bytes, count)
        #else
        Darwin.read(descriptor, bytes, count)
        #endif
    }

    /// Writes all of `text` to `descriptor`, unbuffered, ignoring failures (progress and last words).
    static func writeAll(_ descriptor: Int32, _ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return }
                offset += written
            }
        }
    }

    /// poll(2)'s events: data to read, room to write.
    static let readable = Int16(POLLIN)
    static let writable = Int16(POLLOUT)

    /// Waits up to `milliseconds` (-1: for ever) for `events` on `descriptor`; returns poll(2)'s
    /// result (0 on timeout, -1 on error, see `lastError`) and the events that came.
    static func poll(_ descriptor: Int32, events: Int16, milliseconds: Int32) -> (ready: Int32, events: Int16) {
        var entry = pollfd(fd: descriptor, events: events, revents: 0)
        #if canImport(Glibc)
        let ready = Glibc.poll(&entry, 1, milliseconds)
        #else
        let ready = Darwin.poll(&entry, 1, milliseconds)
        #endif
        return (ready, entry.revents)
    }

    static func close(_ descriptor: Int32) {
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }

    /// Whether `descriptor` is open.
    static func isOpen(_ descriptor: Int32) -> Bool {
        fcntl(descriptor, F_GETFD) != -1 || errno != EBADF
    }

    static func isTerminal(_ descriptor: Int32) -> Bool {
        isatty(descriptor) == 1
    }

    /// The width in columns of the terminal on `descriptor`, or nil when it is not a terminal or
    /// does not say.
    static func terminalColumns(_ descriptor: Int32) -> Int? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// A new descriptor for what `descriptor` refers to, or -1.
    static func duplicate(_ descriptor: Int32) -> Int32 {
        fcntl(descriptor, F_DUPFD_CLOEXEC, 3)
    }

    /// Opens `/dev/null` on `descriptor` (which must be closed), so that no file opened later takes
    /// that number. Returns whether it did.
    static func holdWithNullDevice(_ descriptor: Int32) -> Bool {
        let opened = open("/dev/null", O_RDWR)
        guard opened >= 0 else { return false }
        if opened == descriptor { return true }
        defer { close(opened) }
        return dup2(opened, descriptor) == descriptor
    }

    /// Opens `path` for reading; -1 with `lastError` set on failure. The open never waits: a FIFO
    /// without a writer opens at once (O_NONBLOCK, then cleared), so a signal can end the wait,
    /// which `read(_:_:_:until:)` does; a blocking open(2) would take no signal.
    static func openForReading(_ path: String) -> Int32 {
        let descriptor = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK)
        if descriptor >= 0 { _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK) }
        return descriptor
    }

    /// read(2) that first waits until `descriptor` has something to read (data, or its end),
    /// asking `stop` every 50 ms; nil when `stop` said so. A FIFO opened by `openForReading` before
    /// its writer came is waited for here, not read as empty; a pipe (`sleep 20 | traceaudit logs -`)
    /// waits here, not in a read(2) that no signal ends.
    static func read(_ descriptor: Int32, _ bytes: UnsafeMutableRawPointer, _ count: Int, until stop: () -> Bool) -> Int? {
        while true {
            if stop() { return nil }
            let (ready, _) = poll(descriptor, events: readable, milliseconds: 50)
            if ready == 0 || (ready < 0 && errno == EINTR) { continue }
            let count = read(descriptor, bytes, count)
            if count < 0 && (errno == EINTR || errno == EAGAIN) { continue }
            return count
        }
    }

    /// Creates `path` for writing, failing when it exists; -1 with `lastError` set on failure.
    static func createExclusively(_ path: String, mode: UInt32) -> Int32 {
        open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode_t(mode))
    }

    /// mkdtemp(3) with `template` ending in `XXXXXX`: the folder made, or nil with `lastError` set.
    static func makeTemporaryFolder(_ template: String) -> String? {
        var bytes = Array(template.utf8CString)
        guard let made = bytes.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else { return nil }
        return String(cString: made)
    }

    /// Removes an empty folder.
    static func removeFolder(_ path: String) {
        rmdir(path)
    }

    /// Whether anything is at `path` (a dangling link counts as nothing).
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Processors online, at least 1.
    static var processorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    /// Opens an existing `path` for writing, without creating or truncating it; -1 on failure.
    /// A FIFO without a reader is waited for (as a shell redirection would) until `stop` says
    /// otherwise, checked every 50 ms, so that a signal still ends the wait.
    static func openForWriting(_ path: String, until stop: () -> Bool) -> Int32 {
        while true {
            let descriptor = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK)
            if descriptor >= 0 {
                _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
                return descriptor
            }
            guard errno == ENXIO, !stop() else { return -1 }
            usleep(50_000)
        }
    }

    /// Opens `path` for appending, creating it (mode 0666 less the umask) when absent; -1 on failure.
    static func openForAppending(_ path: String) -> Int32 {
        open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOCTTY | O_CLOEXEC, 0o666)
    }

    /// Moves an open file's position back to its start; false with `lastError` set on failure.
    static func rewind(_ descriptor: Int32) -> Bool {
        lseek(descriptor, 0, SEEK_SET) == 0
    }

    /// mkstemp(3) with `template` ending in `XXXXXX`: the descriptor and the path made, or nil.
    static func makeTemporaryFile(_ template: String) -> (descriptor: Int32, path: String)? {
        var bytes = Array(template.utf8CString)
        let descriptor = bytes.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { return nil }
        return (descriptor, bytes.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
    }

    /// fsync(2); false with `lastError` set on failure.
    static func sync(_ descriptor: Int32) -> Bool {
        fsync(descriptor) == 0
    }

    static func rename(_ from: String, _ to: String) -> Bool {
        #if canImport(Glibc)
        Glibc.rename(from, to) == 0
        #else
        Darwin.rename(from, to) == 0
        #endif
    }

    static func remove(_ path: String) {
        unlink(path)
    }

    /// The process's file-creation mask.
    static var creationMask: UInt32 {
        let mask = umask(0o022)
        umask(mask)
        return UInt32(mask)
    }

    /// Sets the permission bits of an open file; false with `lastError` set on failure.
    static func setMode(_ descriptor: Int32, _ mode: UInt32) -> Bool {
        fchmod(descriptor, mode_t(mode)) == 0
    }

    /// Sets the owner and group of an open file; false with `lastError` set on failure.
    static func setOwner(_ descriptor: Int32, user: UInt32, group: UInt32) -> Bool {
        fchown(descriptor, uid_t(user), gid_t(group)) == 0
    }

    // MARK: Memory

    /// A C copy of `text` (strdup), to be released with `release`.
    static func cString(_ text: String) -> UnsafeMutablePointer<CChar>? {
        strdup(text)
    }

    /// Releases what `cString` made.
    static func release(_ pointer: UnsafeMutablePointer<CChar>?) {
        free(pointer)
    }

    // MARK: Processes

    /// A child process whose standard output is the read end `descriptor` of a pipe.
    struct Child {
        var process: pid_t
        var descriptor: Int32
    }

    /// Starts `arguments[0]` (found on PATH) with `arguments`, its standard output a pipe this
    /// process reads; on failure, the error number.
    static func spawnReadingOutput(_ arguments: [String]) -> Result<Child, SpawnError> {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { return .failure(SpawnError(number: errno)) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipeEnds[1], STDOUT_FILENO)
        posix_spawn_file_actions_addclose(&actions, pipeEnds[0])
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let status = posix_spawnp(&child, arguments[0], &actions, nil, &argv, environ)
        Self.close(pipeEnds[1])
        guard status == 0 else {
            Self.close(pipeEnds[0])
            return .failure(SpawnError(number: status))
        }
        return .success(Child(process: child, descriptor: pipeEnds[0]))
    }

    /// Why a child could not start.
    struct SpawnError: Error {
        var number: Int32
        var text: String { OS.describe(number) }
    }

    /// How a child ended: its exit code, or the signal that ended it.
    enum Ending: Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    /// Waits for `child` to end.
    static func wait(for child: pid_t) -> Ending {
        var status: Int32 = 0
        while waitpid(child, &status, 0) < 0 && errno == EINTR {}
        return status & 0x7F == 0 ? .exited((status >> 8) & 0xFF) : .signalled(status & 0x7F)
    }

    /// Asks `child` to end (SIGTERM) and waits for it.
    static func stop(_ child: pid_t) {
        kill(child, SIGTERM)
        _ = wait(for: child)
    }

    // MARK: Files

    /// What a path names, as `stat` or `lstat` sees it.
    struct FileStatus: Equatable {
        var kind: FileKind
        /// The permission bits (including set-id and sticky bits).
        var mode: UInt32
        var user: UInt32
        var group: UInt32
        /// The size in bytes.
        var size: Int64
        /// The device and inode: the file's identity, whatever path or descriptor reached it.
        var device: UInt64 = 0
        var inode: UInt64 = 0
    }

    /// The status of `path`, following a final symbolic link or not; nil with `lastError` set.
    static func status(_ path: String, followingLinks: Bool) -> FileStatus? {
        var info = stat()
        guard (followingLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return nil }
        return FileStatus(info)
    }

    /// The status of an open descriptor (fstat); nil with `lastError` set.
    static func status(descriptor: Int32) -> FileStatus? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return FileStatus(info)
    }

    /// The effective user id: who a file made now would belong to.
    static var effectiveUser: UInt32 { UInt32(geteuid()) }

    /// The login name of user `id`, or nil.
    static func userName(_ id: UInt32) -> String? {
        var entry = passwd()
        var found: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid_t(id), &entry, &buffer, buffer.count, &found) == 0, found != nil, let name = entry.pw_name else { return nil }
        return String(cString: name)
    }

    /// Cuts an open file back to `size` bytes; false with `lastError` set on failure.
    static func truncate(_ descriptor: Int32, to size: Int64) -> Bool {
        ftruncate(descriptor, off_t(size)) == 0
    }

    /// The target of the symbolic link at `path`, as stored; nil with `lastError` set.
    static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4097)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    // MARK: Time

    /// Sleeps for `duration` (at most a second at a time is meaningful to callers that poll).
    static func pause(_ duration: Duration) {
        let microseconds = duration.components.seconds * 1_000_000 + duration.components.attoseconds / 1_000_000_000_000
        if microseconds > 0 { usleep(useconds_t(min(microseconds, 1_000_000))) }
    }

    /// Microseconds since the Unix epoch.
    static func currentMicroseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1_000_000 + Int64(spec.tv_nsec) / 1000
    }

    /// This machine's host name, or nil when it cannot be read.
    static func hostName() -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return nil }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? nil : name
    }

    // MARK: Signals

    static let hangUp = SIGHUP
    static let interrupt = SIGINT
    static let quit = SIGQUIT
    static let terminate = SIGTERM

    /// Ignores `signal` in the C sense, so that a dispatch source alone receives it.
    static func ignore(_ signal: Int32) {
        #if canImport(Glibc)
        _ = Glibc.signal(signal, SIG_IGN)
        #else
        _ = Darwin.signal(signal, SIG_IGN)
        #endif
    }

    /// Ignores SIGPIPE: a reader that goes away shows as a failed write, not a killed process.
    static func ignoreBrokenPipes() {
        ignore(SIGPIPE)
    }

    // MARK: Process

    /// The environment of the process.
    static func environment() -> [String: String] {
        var result: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let pair = String(cString: pointer)
            if let equals = pair.firstIndex(of: "=") {
                result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
            }
            entry += 1
        }
        return result
    }

    /// Ends the process with `code`.
    static func exit(_ code: Int32) -> Never {
        #if canImport(Glibc)
        Glibc.exit(code)
        #else
        Darwin.exit(code)
        #endif
    }
}

/// What kind of file a path names.
enum FileKind: Equatable, Sendable {
    case regular, directory, symbolicLink, fifo, characterDevice, blockDevice, socket, other
}

extension OS.FileStatus {
    fileprivate init(_ info: stat) {
        let kind: FileKind
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regular
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symbolicLink
        case S_IFIFO: kind = .fifo
        case S_IFCHR: kind = .characterDevice
        case S_IFBLK: kind = .blockDevice
        case S_IFSOCK: kind = .socket
        default: kind = .other
        }
        self.init(
            kind: kind, mode: UInt32(info.st_mode & 0o7777), user: UInt32(info.st_uid), group: UInt32(info.st_gid),
            size: Int64(info.st_size), device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}

// MARK: Locks (--state)

extension OS {
    /// Opens `path` (created mode 0600 when absent) and takes an exclusive flock(2) on it, trying
    /// every 50 ms until it is free, `stop` says to give up or `waitMicroseconds` pass. The
    /// descriptor holds the lock until closed; -1 with `lastError` set (EWOULDBLOCK: still held).
    static func lockExclusively(_ path: String, waitMicroseconds: Int64, stop: () -> Bool) -> Int32 {
        let descriptor = open(path, O_RDWR | O_CREAT | O_NOCTTY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return -1 }
        let deadline = currentMicroseconds() + waitMicroseconds
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let reason = errno
            guard reason == EWOULDBLOCK || reason == EINTR, currentMicroseconds() < deadline, !stop() else {
                close(descriptor)
                errno = reason
                return -1
            }
            usleep(50_000)
        }
        return descriptor
    }

    /// Whether `lastError` says a lock is held by another process.
    static var lastErrorIsLockHeld: Bool { errno == EWOULDBLOCK }
}

// MARK: Whole files

extension OS {
    /// The bytes of the file at `path`, at most `limit` of them; nil with `lastError` set when it
    /// cannot be opened or read, EFBIG when it holds more than `limit`.
    static func readFile(_ path: String, limit: Int = Int.max) -> [UInt8]? {
        let descriptor = openForReading(path)
        guard descriptor >= 0 else { return nil }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var failure: Int32 = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { failure = errno }
            if count <= 0 { break }
            bytes.append(contentsOf: buffer.prefix(count))
            if bytes.count > limit {
                failure = EFBIG
                break
            }
        }
        close(descriptor)
        guard failure == 0 else {
            errno = failure
            return nil
        }
        return bytes
    }

    /// Whether `lastError` says a file was larger than asked for.
    static var lastErrorIsTooLarge: Bool { errno == EFBIG }

    /// Whether `lastError` says there is no file (a `--state` not written yet).
    static var lastErrorIsMissingFile: Bool { errno == ENOENT }
}
