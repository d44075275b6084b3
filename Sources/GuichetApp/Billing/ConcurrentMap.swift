import Foundation

extension Array where Element: Sendable {
    /// `transform` applied to every element with as many tasks as the machine has cores, results
    /// in the elements' order (a bill run drafts a batch of accounts on both cores of a small server).
    public func concurrentMap<R: Sendable>(_ transform: @escaping @Sendable (Element) async throws -> R) async throws -> [R] {
        guard !isEmpty else { return [] }
        let size = (count + ProcessInfo.processInfo.activeProcessorCount - 1) / ProcessInfo.processInfo.activeProcessorCount
        let slices = stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
        return try await withThrowingTaskGroup(of: (Int, [R]).self) { group in
            for (n, slice) in slices.enumerated() {
                group.addTask {
                    var out: [R] = []
                    out.reserveCapacity(slice.count)
                    for element in slice { out.append(try await transform(element)) }
                    return (n, out)
                }
            }
            var parts = [[R]](repeating: [], count: slices.count)
            for try await (n, part) in group { parts[n] = part }
            return parts.flatMap { $0 }
        }
    }
}
