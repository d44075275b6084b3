/// What a new password must be. ANSSI and OWASP both favour length over composition rules.
public enum PasswordRules {
    public static let minimumLength = 12

    /// Nil when acceptable, else why not (in French, for the portal).
    public static func problem(with password: String, login: String) -> String? {
        if password.count < minimumLength { return "le mot de passe doit compter au moins \(minimumLength) caractères" }
        if password.lowercased().contains(login.lowercased()) { return "le mot de passe ne doit pas contenir l'identifiant" }
        return nil
    }
}
