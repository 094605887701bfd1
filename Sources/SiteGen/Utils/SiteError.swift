import Foundation

/// A mistake in the user's files (or a warning about one), with the place it is at and
/// what to do about it. Its words are a `Message`, said in the site's language by
/// `described(in:)`; `description` is the English text.
public struct SiteError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case error, warning
        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    public var severity: Severity = .error
    public var file: String
    public var line: Int?
    public var column: Int?
    public var said: Message
    /// What to do; by default the message's own hint (`key.hint` in the string files).
    public var hintSaid: Message?

    public init(file: String, line: Int? = nil, column: Int? = nil, _ said: Message, hint: Message? = nil,
                severity: Severity = .error) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.said = said
        self.hintSaid = hint ?? Messages.english.hint(for: said)
    }

    /// The English message and hint (what logs and tests read).
    public var message: String { Messages.english(said) }
    public var hint: String? { hintSaid.map { Messages.english($0) } }

    /// `Content/posts/a.md:3:7: error: message` and the hint below — the shape compilers use,
    /// so editors and terminals can jump to the place — in the language of `say`.
    public var description: String { described(in: .english) }

    public func described(in say: Messages) -> String {
        var place = file
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        // `error:` and `warning:` stay as they are in every language: editors find problems by them.
        var text = "\(place): \(severity.rawValue): \(say(said))"
        if let hintSaid { text += "\n  \(say(Message("hint.label")))\(say(hintSaid))" }
        return text
    }
}

/// Every error one build found, reported together rather than one per run.
public struct BuildFailure: Error, Sendable, CustomStringConvertible {
    public var errors: [SiteError]
    public init(_ errors: [SiteError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
