import Foundation
import GuichetCore

/// The catalog files of a folder (`Catalogs/*.yaml`; sub-folders are not loaded), read and
/// validated together. A folder with any error loads nothing.
public enum CatalogDirectory {
    public static let defaultPath = "Catalogs"

    public struct Loaded: Sendable {
        public let documents: [CatalogDocument]
        public let warnings: [CatalogIssue]
    }

    public static func files(in folder: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CatalogLoadError(errors: ["\(folder): no such catalog folder (give one with --catalogs)"])
        }
        return try FileManager.default.contentsOfDirectory(atPath: folder)
            .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
    }

    /// Reads and validates `paths` as one set; throws every error found, naming file, line and field.
    public static func load(_ paths: [String], taxZones: Set<String>) throws -> Loaded {
        var documents: [CatalogDocument] = []
        var errors: [String] = []
        for path in paths {
            do { documents.append(try CatalogFile.read(path: path)) } catch { errors.append("\(error)") }
        }
        guard errors.isEmpty else { throw CatalogLoadError(errors: errors) }
        return try check(documents, taxZones: taxZones)
    }

    public static func check(_ documents: [CatalogDocument], taxZones: Set<String>) throws -> Loaded {
        let issues = CatalogValidator(taxZones: taxZones).validate(documents)
        let errors = issues.filter { $0.severity == .error }
        guard errors.isEmpty else { throw CatalogLoadError(errors: errors.map(\.description)) }
        return Loaded(documents: documents, warnings: issues.filter { $0.severity == .warning })
    }
}

public struct CatalogLoadError: Error, CustomStringConvertible {
    public let errors: [String]
    public init(errors: [String]) { self.errors = errors }
    public var description: String {
        errors.count == 1 ? errors[0] : "\(errors.count) catalog errors:\n" + errors.map { "  \($0)" }.joined(separator: "\n")
    }
}
