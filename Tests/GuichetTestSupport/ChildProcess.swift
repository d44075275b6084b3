import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`. Foundation's `Process.run()` reads past a buffer while listing
/// `/proc/self/fd` on Linux and crashes the test bundle at random, the more often the more files the bundle holds open
/// (swift-corelibs-foundation #5472); the CLI tests spawn hundreds of processes, the mail and Factur-X tests Python.
public final class ChildProcess: @unchecked Sendable {
    public let processIdentifier: pid_t
    private let lock = NSLock()
    private var status: Int32?

    /// Runs `executable` with `arguments` and `environment`, in `folder` if given, its standard streams on `stdin`, `stdout`
    /// and `stderr` (their other ends stay with the caller); the pipes' own descriptors are closed in the child.
    public init(_ executable: String, _ arguments: [String], environment: [String: String], in folder: URL?, stdin: Pipe, stdout: Pipe, stderr: Pipe) throws {
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

    public var isRunning: Bool { reap(block: false) == nil }
    public func waitUntilExit() { _ = reap(block: true) }
    public var terminationStatus: Int32 { reap(block: true) ?? -1 }
    public func terminate() { kill(processIdentifier, SIGTERM) }

    public struct Result: Sendable { public let status: Int32; public let stdout: String; public let stderr: String }

    /// Runs `executable` to completion, `input` on its standard input, with this process's environment plus `environment`
    /// (`removing` the names given), in `folder` if given.
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], removing: [String] = [],
                           in folder: URL? = nil, input: String? = nil) throws -> Result {
        let running = try start(executable, arguments, environment: environment, removing: removing, in: folder, input: input)
        let out = running.out.fileHandleForReading.readDataToEndOfFile()
        let err = running.err.fileHandleForReading.readDataToEndOfFile()
        return Result(status: running.process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                      stderr: String(decoding: err, as: UTF8.self))
    }

    public struct Running: Sendable { public let process: ChildProcess; public let out: Pipe; public let err: Pipe }

    /// Starts `executable` as `run` does and returns at once, its output streams to read.
    public static func start(_ executable: String, _ arguments: [String], environment: [String: String] = [:], removing: [String] = [],
                             in folder: URL? = nil, input: String? = nil) throws -> Running {
        var env = ProcessInfo.processInfo.environment
        removing.forEach { env.removeValue(forKey: $0) }
        env.merge(environment) { $1 }
        let out = Pipe(), err = Pipe(), stdin = Pipe()
        let process = try ChildProcess(executable, arguments, environment: env, in: folder, stdin: stdin, stdout: out, stderr: err)
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        return Running(process: process, out: out, err: err)
    }
}
