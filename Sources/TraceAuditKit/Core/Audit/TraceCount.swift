/// Succeeded jobs split by whether they carry a trace.
public struct TraceCount: Hashable, Sendable {
    /// Jobs with a non-empty trace_id.
    public var hasTrace: Int = 0
    /// Jobs whose trace_id is NULL or empty.
    public var missingTrace: Int = 0

    /// All the jobs counted.
    public var total: Int { hasTrace + missingTrace }

    /// A count; zero by default.
    public init(hasTrace: Int = 0, missingTrace: Int = 0) {
        self.hasTrace = hasTrace
        self.missingTrace = missingTrace
    }

    /// Adds one job.
    @inline(__always)
    mutating func add(missingTrace missing: Bool) {
        if missing { missingTrace += 1 } else { hasTrace += 1 }
    }

    static func + (lhs: TraceCount, rhs: TraceCount) -> TraceCount {
        TraceCount(hasTrace: lhs.hasTrace + rhs.hasTrace, missingTrace: lhs.missingTrace + rhs.missingTrace)
    }
}
