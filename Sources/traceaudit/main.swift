#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TraceAuditKit

// A reader that goes away (`| head`) must end the run quietly, not kill it with SIGPIPE.
signal(SIGPIPE, SIG_IGN)
TraceAudit.handleInterruptions()

var environment: [String: String] = [:]
var entry = environ
while let pointer = entry.pointee {
    let pair = String(cString: pointer)
    if let equals = pair.firstIndex(of: "=") {
        environment[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
    }
    entry += 1
}

let code = TraceAudit.run(
    Array(CommandLine.arguments.dropFirst()), environment: environment,
    output: FileDescriptorSink(descriptor: STDOUT_FILENO), errors: FileDescriptorSink(descriptor: STDERR_FILENO),
    outputIsTerminal: isatty(STDOUT_FILENO) == 1,
    showsProgress: TraceAudit.showsProgress(environment: environment))
exit(code.rawValue)
