/// The distinct numbers a line called this month, sorted, up to a fair-use limit. A `Set` holds a
/// number in ~16 bytes (buckets kept at most three-quarters full, doubled as it grows); this holds
/// it in 8, its storage never larger than the limit needs: with tens of thousands of lines near
/// their limit, the sets were most of a 10 million-record import's memory.
struct RecipientSet: Sendable {
    private var numbers: [UInt64] = []

    var count: Int { numbers.count }

    /// Adds a number; false when it was there already. `limit`: how many the set may need to hold.
    mutating func insert(_ n: UInt64, limit: Int) -> Bool {
        let i = numbers.partitionIndex { $0 >= n }
        if i < numbers.count && numbers[i] == n { return false }
        if numbers.count == numbers.capacity { numbers.reserveCapacity(min(max(8, numbers.count * 2), limit)) }
        numbers.insert(n, at: i)
        return true
    }
}
