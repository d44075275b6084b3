import GuichetCore
import GuichetData

/// The catalogs shipped in Catalogs/, loaded and validated once for the catalog tests.
enum ShippedCatalogs {
    static let taxZones = Set(try! ReferenceData.taxZones().keys)
    static let folder = RepositoryFiles.url("Catalogs").path
    static let loaded: CatalogDirectory.Loaded = try! CatalogDirectory.load(try! CatalogDirectory.files(in: folder), taxZones: taxZones)
    static let set = CatalogSet(loaded.documents)
    static let index = RatingIndex(set)
    static let day = try! LocalDate(iso: "2026-11-21")
}
