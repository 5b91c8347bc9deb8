import Testing
@testable import TraceAuditKit

@Suite("Keeping the newest violations")
struct NewestViolationsTests {
    @Test(arguments: [0, 1, 5, 50, 1000])
    func keepsTheNewestInAnyOrder(limit: Int) {
        var generator = SplitMix(seed: UInt64(limit) + 7)
        let candidates = (0..<700).map { index in
            NewestViolations.Candidate(createdAt: Int64(generator.next() % 300), rowid: Int64(index))
        }
        var whole = NewestViolations(limit: limit)
        var first = NewestViolations(limit: limit)
        var second = NewestViolations(limit: limit)
        for (index, candidate) in candidates.enumerated() {
            whole.offer(candidate)
            if index % 2 == 0 { first.offer(candidate) } else { second.offer(candidate) }
        }
        first.merge(second)
        let expected = Array(candidates.sorted(by: >).prefix(limit))
        #expect(whole.newestFirst == expected)
        #expect(first.newestFirst == expected)
    }
}

/// A small deterministic random number generator for tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
