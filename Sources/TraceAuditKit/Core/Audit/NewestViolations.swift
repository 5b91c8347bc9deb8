/// The newest N violations seen so far, by created_at (then rowid), kept in a bounded min-heap so
/// that a scan can find them in passing, in memory that does not grow with the table.
struct NewestViolations {
    /// A violation as the scan saw it: its instant and where to fetch it.
    struct Candidate: Comparable {
        var createdAt: Int64
        var rowid: Int64

        static func < (lhs: Candidate, rhs: Candidate) -> Bool {
            lhs.createdAt != rhs.createdAt ? lhs.createdAt < rhs.createdAt : lhs.rowid < rhs.rowid
        }
    }

    let limit: Int
    private var heap: [Candidate] = []

    init(limit: Int) {
        self.limit = limit
        heap.reserveCapacity(min(limit, 1 << 16))
    }

    /// Offers a violation; it is kept when it is among the newest `limit`.
    @inline(__always)
    mutating func offer(_ candidate: Candidate) {
        guard limit > 0 else { return }
        if heap.count < limit {
            heap.append(candidate)
            siftUp(heap.count - 1)
        } else if heap[0] < candidate {
            heap[0] = candidate
            siftDown(0)
        }
    }

    /// Adds another scan part's candidates.
    mutating func merge(_ other: NewestViolations) {
        for candidate in other.heap { offer(candidate) }
    }

    /// The candidates, newest first.
    var newestFirst: [Candidate] { heap.sorted(by: >) }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child] < heap[parent] else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var smallest = left
            if left + 1 < heap.count, heap[left + 1] < heap[left] { smallest = left + 1 }
            guard heap[smallest] < heap[parent] else { return }
            heap.swapAt(smallest, parent)
            parent = smallest
        }
    }
}
