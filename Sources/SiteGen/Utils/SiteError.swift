/// A problem with the user's input, told the way a writer can act on it:
/// which file, which line, what is wrong and what to do.
public struct SiteError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Severity: String, Sendable, Comparable {
        case error, warning
        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    public var severity: Severity = .error
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String
    public var hint: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String, hint: String? = nil,
                severity: Severity = .error) {
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.hint = hint
    }

    /// `Content/posts/a.md:3:7: error: message (hint)` — the shape compilers use,
    /// so editors and terminals can jump to the place.
    public var description: String {
        var place = file
        if let line {
            place += ":\(line)"
            if let column { place += ":\(column)" }
        }
        var text = "\(place): \(severity.rawValue): \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}

/// Every error one build found, reported together rather than one per run.
public struct BuildFailure: Error, Sendable, CustomStringConvertible {
    public var errors: [SiteError]
    public init(_ errors: [SiteError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
