extension Array {
    /// The first index whose element satisfies `isAfter`, in an array where every element that does comes
    /// after every element that does not (binary search: sorted transitions, sorted recipients).
    func partitionIndex(where isAfter: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if isAfter(self[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
