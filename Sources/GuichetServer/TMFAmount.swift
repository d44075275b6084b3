import Foundation
import GuichetApp
import GuichetCore

/// A TM Forum `Money`: unit and value, the value exact (the decimal text of the amount, encoded
/// as a JSON number). Shared by TMF635 usage and TMF678 bills.
struct TMFAmount: Codable, Sendable {
    let unit: String
    let value: Decimal
    init(_ m: Money) { unit = "EUR"; value = Decimal(string: m.description) ?? 0 }
}
