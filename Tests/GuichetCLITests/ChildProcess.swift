import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`. Foundation's `Process.run()` reads past a buffer while listing
/// `/proc/self/fd` on Linux and crashes the test bundle at random, the more often the more files the bundle holds open
/// (swift-corelibs-foundation #5472); the CLI tests spawn hundreds of processes.
final class ChildProcess: @unchecked Sendable {
    let processIdentifier: pid_t
    private let lock = NSLock()
    private var status: Int32?

    /// Runs `executable` with `arguments` and `environment`, in `folder` if given, its standard streams on `stdin`, `stdout`
    /// and `stderr` (their other ends stay with the caller); the pipes' own descriptors are closed in the child.
    init(_ executable: String, _ arguments: [String], environment: [String: String], in folder: URL?, stdin: Pipe, stdout: Pipe, stderr: Pipe) throws {
        for p in [stdin, stdout, stderr] {
            for fd in [p.fileHandleForReading.fileDescriptor, p.fileHandleForWriting.fileDescriptor] { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdin.fileHandleForReading.fileDescriptor, 0)
        posix_spawn_file_actions_adddup2(&actions, stdout.fileHandleForWriting.fileDescriptor, 1)
        posix_spawn_file_actions_adddup2(&actions, stderr.fileHandleForWriting.fileDescriptor, 2)
        // glibc's addchdir_np is not visible to Swift: `env --chdir` starts the command in the folder.
        let (program, prefix) = folder.map { ("/usr/bin/env", ["--chdir=\($0.path)", executable]) } ?? (executable, [])
        let argv = ([program] + prefix + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let error = posix_spawn(&pid, program, &actions, nil, argv, envp)
        guard error == 0 else { throw POSIXError(POSIXErrorCode(rawValue: error) ?? .EIO) }
        processIdentifier = pid
        // The child holds its ends: the parent's copies would keep the streams open.
        try stdin.fileHandleForReading.close()
        try stdout.fileHandleForWriting.close()
        try stderr.fileHandleForWriting.close()
    }

    /// Reaps the child when it has ended (`block`: waits for it); its status, nil while it runs.
    private func reap(block: Bool) -> Int32? {
        lock.lock(); defer { lock.unlock() }
        if let status { return status }
        var raw: Int32 = 0
        guard waitpid(processIdentifier, &raw, block ? 0 : WNOHANG) == processIdentifier else { return nil }
        // As Foundation reports it: the exit code, or the signal that ended it.
        let signal = raw & 0x7f
        status = signal == 0 ? (raw >> 8) & 0xff : signal
        return status
    }

    var isRunning: Bool { reap(block: false) == nil }
    func waitUntilExit() { _ = reap(block: true) }
    var terminationStatus: Int32 { reap(block: true) ?? -1 }
    func terminate() { kill(processIdentifier, SIGTERM) }
}
