extension TraceAudit {
    /// The program: reads argv and the environment, runs `run` with the standard streams, and
    /// exits with its code. A closed standard stream (`>&-`) is held open on /dev/null, so that no
    /// file the audit opens takes its number; a report meant for a closed standard output fails
    /// with a line that says so (exit 3).
    public static func runAsProcess() -> Never {
        // A reader that goes away (`| head`) must end the run quietly, not kill it with SIGPIPE.
        OS.ignoreBrokenPipes()
        let outputWasClosed = !OS.isOpen(OS.standardOutput)
        for descriptor in [OS.standardInput, OS.standardOutput, OS.standardError] where !OS.isOpen(descriptor) {
            _ = OS.holdWithNullDevice(descriptor)
        }
        handleInterruptions()
        let environment = OS.environment()
        let output: TextSink = outputWasClosed
            ? ClosedSink(failure: "standard output is closed (started with >&-?); give the report somewhere to go: redirect it (> FILE) or use --output FILE")
            : FileDescriptorSink(descriptor: OS.standardOutput)
        let code = run(
            Array(CommandLine.arguments.dropFirst()), environment: environment,
            output: output, errors: FileDescriptorSink(descriptor: OS.standardError),
            outputIsTerminal: !outputWasClosed && OS.isTerminal(OS.standardOutput),
            terminalColumns: outputWasClosed ? nil : OS.terminalColumns(OS.standardOutput),
            showsProgress: showsProgress(environment: environment))
        OS.exit(code.rawValue)
    }
}
