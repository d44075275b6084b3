import Foundation
import GuichetCore
import GuichetData
import GuichetStore

/// The catalogs in service: the files of the catalog folder, then the catalogs imported into
/// the database (an import replaces the file of the same catalog id), then the price
/// revisions recorded there. A new import or revision is validated against everything in
/// service first; if it fails, nothing is stored and the catalog in service is unchanged.
public actor CatalogRegistry {
    public static let stream = "catalog"
    public nonisolated let store: any EventStore
    package let folder: String
    package let taxZones: Set<String>
    public private(set) var current: CatalogSet { didSet { ratingIndex = RatingIndex(current) } }
    /// The tariffs of `current` compiled for rating, rebuilt only when the catalogs change.
    public private(set) var ratingIndex: RatingIndex
    public private(set) var warnings: [CatalogIssue]

    /// The catalogs and their compiled tariffs, read together (an import cannot come in between).
    public var snapshot: (catalog: CatalogSet, index: RatingIndex) { (current, ratingIndex) }

    public init(store: any EventStore, folder: String, taxZones: Set<String>) async throws {
        self.store = store; self.folder = folder; self.taxZones = taxZones
        let (set, warnings) = try await Self.build(store: store, folder: folder, taxZones: taxZones, extra: nil)
        current = set
        ratingIndex = RatingIndex(set)
        self.warnings = warnings
    }

    package struct Imported: Codable { let file: String; package let content: String }

    package static func build(store: any EventStore, folder: String, taxZones: Set<String>, extra: CatalogDocument?) async throws -> (CatalogSet, [CatalogIssue]) {
        var byID: [String: CatalogDocument] = [:]
        for path in try CatalogDirectory.files(in: folder) {
            let doc = try CatalogFile.read(path: path)
            byID[doc.info.id] = doc
        }
        var revisions: [RevisedPrice] = []
        for event in try await store.events(stream: stream, after: 0) {
            switch event.type {
            case "catalog-imported":
                let imported = try JSONDecoder().decode(Imported.self, from: Data(event.payload.utf8))
                let doc = try CatalogFile.parse(imported.content, file: imported.file)
                byID[doc.info.id] = doc
            case "price-revised":
                revisions.append(try JSONDecoder().decode(RevisedPrice.self, from: Data(event.payload.utf8)))
            default: continue
            }
        }
        if let extra { byID[extra.info.id] = extra }
        let loaded = try CatalogDirectory.check(Array(byID.values), taxZones: taxZones)
        return (CatalogSet(loaded.documents, revisions: revisions), loaded.warnings)
    }

    public struct ImportResult: Sendable, Codable {
        public let catalog: String
        public let replayed: Bool
        public let warnings: [CatalogIssue]
    }

    /// Imports a catalog file's text; the same text imported twice is stored once.
    public func importCatalog(content: String, file: String, at now: Instant) async throws -> ImportResult {
        let doc = try CatalogFile.parse(content, file: file)
        let (set, warnings) = try await Self.build(store: store, folder: folder, taxZones: taxZones, extra: doc)
        let payload = String(decoding: try JSONEncoder().encode(Imported(file: file, content: content)), as: UTF8.self)
        let key = try IdempotencyKey(scope: "catalog-import", key: "\(doc.info.id):\(Fingerprint.of(content))", fingerprint: Fingerprint.of(content))
        let result = try await store.append([try NewEvent(stream: Self.stream, type: "catalog-imported", payload: payload, recordedAt: now)],
                                            idempotency: key)
        current = set
        self.warnings = warnings
        return ImportResult(catalog: doc.info.id, replayed: result.replayed, warnings: warnings)
    }

    public struct RevisionResult: Sendable, Codable {
        public struct Line: Sendable, Codable { public let priceID: String; public let previous: Money; public let revised: Money; public let explanation: Explanation }
        public let catalog: String
        public let on: LocalDate
        public let lines: [Line]
        public let replayed: Bool
    }

    /// Revises every priced item of `catalogID` on `day` with the 004 §15.1 formula.
    public func revise(catalogID: String, on day: LocalDate, indices: [IndexValue], at now: Instant) async throws -> RevisionResult {
        guard let doc = current.documents.first(where: { $0.info.id == catalogID }) else {
            throw CatalogLoadError(errors: ["unknown catalog '\(catalogID)'"])
        }
        // Only a document that provides it revises its prices by index (004 §15.1; not 001 CG 10.5).
        let change = ContractFamily.allCases.first { $0.document == doc.info.document }?.terms.priceChange
        guard let change, change.byIndex else {
            throw CatalogLoadError(errors: ["catalog '\(catalogID)' is not revised by index: \(change?.rule ?? "document \(doc.info.document) provides no revision by index")"])
        }
        let formula = PriceRevision(indices: indices)
        var lines: [RevisionResult.Line] = []
        var events: [NewEvent] = []
        for id in Set(doc.prices.map(\.id)).sorted() {
            guard let p = current.prices.price(id, on: day.adding(days: -1)), let amount = p.amount else { continue }
            let r = try formula.revise(amount, on: day)
            lines.append(.init(priceID: id, previous: amount, revised: r.revised, explanation: r.explanation))
            let revised = RevisedPrice(priceID: id, from: day, amount: r.revised, source: "004 §15.1 revision on \(day)")
            events.append(try NewEvent(stream: Self.stream, type: "price-revised",
                                       payload: String(decoding: try JSONEncoder().encode(revised), as: UTF8.self), recordedAt: now))
        }
        let fingerprint = Fingerprint.of(indices.map { "\($0.series)|\($0.published)|\($0.milli)" }.joined(separator: "\n"))
        let key = try IdempotencyKey(scope: "price-revision", key: "\(catalogID)@\(day)", fingerprint: fingerprint)
        let stored = try await store.append(events, idempotency: key)
        let (set, warnings) = try await Self.build(store: store, folder: folder, taxZones: taxZones, extra: nil)
        current = set
        self.warnings = warnings
        return RevisionResult(catalog: catalogID, on: day, lines: lines, replayed: stored.replayed)
    }
}

/// FNV-1a (64 bits) of a text, in hex: a fingerprint to recognise the same content again
/// (not a security hash).
package enum Fingerprint {
    package static func of(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return String(hash, radix: 16)
    }
}
