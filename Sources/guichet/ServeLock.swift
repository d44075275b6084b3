import Foundation
import GuichetApp

/// An exclusive lock on `<database>.lock`, held while `guichet serve` runs on a SQLite file (F8).
/// The kernel releases it when the process ends, however it ends, so a killed server never
/// leaves a stale lock behind.
final class ServeLock {
    private let fd: Int32

    init(databasePath: String) throws {
        let path = databasePath + ".lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ServeError(reason: "cannot create \(path): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            throw ServeError(reason: "another guichet serve is already running on \(databasePath) (it holds \(path)): stop it, or give this one another --database")
        }
    }

    deinit { close(fd) }
}
