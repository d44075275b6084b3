import GRDB
import GRDBSQLite

/// Statements bound through SQLite's C interface, for the bulk writes (usage packs, events, state rows): GRDB's generic
/// arguments box every value, which cost more than the insert itself.
extension SQLiteStore {
    /// Runs a statement bound through the C interface, which returns no rows.
    static func step(_ db: Database, _ statement: SQLiteStatement) throws {
        let code = sqlite3_step(statement)
        sqlite3_reset(statement)
        guard code == SQLITE_DONE else { throw error(db, code) }
    }

    static func error(_ db: Database, _ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
    }

    static func bind(_ statement: SQLiteStatement, _ index: Int32, _ text: String) {
        withUTF8(text) { bytes in
            // SQLITE_TRANSIENT: SQLite copies the bytes before the buffer goes away.
            let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            if let base = bytes.baseAddress {
                _ = sqlite3_bind_text(statement, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(bytes.count), transient)
            } else {
                _ = sqlite3_bind_text(statement, index, "", 0, transient)
            }
        }
    }

    /// Binds the text, or NULL.
    static func bind(_ statement: SQLiteStatement, _ index: Int32, _ text: String?) {
        if let text { bind(statement, index, text) } else { sqlite3_bind_null(statement, index) }
    }
}
