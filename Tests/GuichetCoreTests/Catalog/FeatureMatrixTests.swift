import GuichetCore
import Testing

/// 004 annexe 16.1, as the characteristics of the three pack specifications.
@Suite struct FeatureMatrixTests {
    static func features(_ spec: String) -> [String: String] {
        let s = ShippedCatalogs.set.specifications.first { $0.id == spec }!
        return Dictionary(uniqueKeysWithValues: s.characteristics.filter { $0.name.hasPrefix("feature ") }.map { ($0.name, $0.value) })
    }

    @Test func theWholeMatrixIsThere() {
        // 38 telephony + 22 contacts/history/voicemail/search/integrations + 5 presence + 39 basic chat
        // + 10 advanced chat + 45 meetings + 9 additional = 168 rows.
        for pack in ["wte-pack-calling", "wte-pack-suite", "wte-pack-espace-de-travail"] { #expect(Self.features(pack).count == 168) }
    }

    @Test func suiteIncludesEverythingCallingHas() {
        // 004 §2.2 "Pack Suite comprend Pack Calling" (spec CAT-4).
        let calling = Self.features("wte-pack-calling"), suite = Self.features("wte-pack-suite")
        let missing = calling.filter { $0.value != "no" && suite[$0.key] == "no" }.keys.sorted()
        #expect(missing.isEmpty, "\(missing)")
    }

    @Test(arguments: [
        ("feature 21 Appeler la messagerie vocale", "no", "yes", "yes"),             // CAT-3: Workspace has no voicemail
        ("feature 7 Passer et recevoir un appel vidéo", "no", "yes", "yes"),
        ("feature 1 Passer un appel audio (PSTN/VoIP)", "yes", "yes", "yes"),
        ("feature M1 Capacité des participants à la réunion", "no", "100", "300"),
        ("feature M31 Enregistrement des réunions", "no", "Local", "Cloud + Local"),
        ("feature A6 Modérateur - Ajouter / Supprimer des personnes", "no", "no", "yes"),
        ("feature 54 Recherche de contacts Outlook", "no", "PC only", "PC only"),
    ])
    func rowsReadOffTheAnnex(feature: String, workspace: String, calling: String, suite: String) {
        #expect(Self.features("wte-pack-espace-de-travail")[feature] == workspace)
        #expect(Self.features("wte-pack-calling")[feature] == calling)
        #expect(Self.features("wte-pack-suite")[feature] == suite)
    }
}
