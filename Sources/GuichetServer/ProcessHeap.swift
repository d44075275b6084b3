#if canImport(Glibc)
import Glibc
import GuichetApp
#endif

/// glibc's allocator set for Guichet's bulk work, usage imports above all, whose batches are arrays of
/// several megabytes freed and allocated again on whichever threads run them (D-RAT-10).
public enum ProcessHeap {
    /// Blocks of 256 KiB and more are mapped apart, and unmapped when freed. glibc starts near there but
    /// raises its threshold to the size of any such block once freed: from then on each batch was carved
    /// from per-thread arenas that kept the space. With 20 000 lines, 10 M records peaked at 190 MB for
    /// 90 MB of live data; 140 MB with the threshold fixed (docs/performance.md). Called first thing in
    /// `main`, before any thread has an arena; an operator's own `MALLOC_MMAP_THRESHOLD_` is left to rule.
    public static func configure() {
        #if canImport(Glibc)
        guard getenv("MALLOC_MMAP_THRESHOLD_") == nil else { return }
        // Declared in malloc.h, which the Glibc module leaves out: looked up by name.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mmapThreshold: Int32 = -3   // M_MMAP_THRESHOLD
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") {   // RTLD_DEFAULT
            _ = unsafeBitCast(symbol, to: Mallopt.self)(mmapThreshold, 256 << 10)
        }
        #endif
    }
}
