/// A problem with the user's input, told the way a writer can act on it:
/// which file, which line, what is wrong and what to do.
public struct SiteError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var message: String
    public var hint: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, message: String, hint: String? = nil) {
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
        var text = "\(place): error: \(message)"
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
