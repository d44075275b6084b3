import Foundation
import GuichetCore

/// Price-index values for the revision of 004 §15.1, as CSV: `series,published,value`
/// (e.g. `syntec,2026-02-01,330.5`). Series: `syntec`, `insee-010765308`.
public enum IndexFile {
    public static func read(path: String) throws -> [IndexValue] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw CatalogFileError(file: path, line: 0, field: "", "cannot be read: \(error.localizedDescription)")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws(CatalogFileError) -> [IndexValue] {
        var values: [IndexValue] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || (i == 0 && line.hasPrefix("series")) { continue }
            let cols = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cols.count == 3 else { throw CatalogFileError(file: file, line: i + 1, field: "", "expected 3 columns series,published,value, found \(cols.count)") }
            guard [PriceRevision.syntec, PriceRevision.equipment].contains(cols[0]) else {
                throw CatalogFileError(file: file, line: i + 1, field: "series", "'\(cols[0])' is not \(PriceRevision.syntec) or \(PriceRevision.equipment)")
            }
            let published: LocalDate
            do { published = try LocalDate(iso: cols[1]) } catch { throw CatalogFileError(file: file, line: i + 1, field: "published", error.description) }
            guard let v = try? Money(cols[2]), v.units % 10 == 0, v.units > 0 else {
                throw CatalogFileError(file: file, line: i + 1, field: "value", "'\(cols[2])' is not a positive number with at most 3 decimals")
            }
            values.append(IndexValue(series: cols[0], published: published, milli: v.units / 10))
        }
        guard !values.isEmpty else { throw CatalogFileError(file: file, line: 0, field: "", "holds no index value (series,published,value)") }
        return values
    }
}
