import Foundation

/// A post URL pattern such as `/posts/:slug/` or `/:year/:month/:slug/`.
public struct Permalink: Sendable {
    public struct InvalidPattern: Error { public let message: String }

    public let pattern: String
    static let tokens = [":year", ":month", ":day", ":slug"]

    public init(_ pattern: String) throws {
        guard pattern.contains(":slug") else {
            throw InvalidPattern(message: "`\(pattern)` has no `:slug`, so every post would get the same URL")
        }
        var p = pattern.hasPrefix("/") ? pattern : "/" + pattern
        if !p.hasSuffix("/") && !p.hasSuffix(".html") { p += "/" }
        if URLPath.hasUnsafeSegment(p) || p.contains("\\") {
            throw InvalidPattern(message: "`\(pattern)` would put posts outside the output folder")
        }
        let unknown = p.split(separator: "/").filter { $0.hasPrefix(":") && !Self.tokens.contains(String($0)) }
        if let first = unknown.first {
            throw InvalidPattern(message: "unknown token `\(first)`; the tokens are \(Self.tokens.joined(separator: " "))")
        }
        self.pattern = p
    }

    /// The site path of a post; date parts are taken in the site's time zone.
    public func path(slug: String, date: Date, calendar: Calendar) -> String {
        let parts = DateFormat.parts(date, calendar: calendar)
        // One pass over the pattern (four Foundation replacements per post were slow);
        // the slug goes in last and is never read as a placeholder.
        let values: [(String, String)] = [(":year", String(parts.year)), (":month", DateFormat.digits(parts.month, 2)),
                                          (":day", DateFormat.digits(parts.day, 2)), (":slug", slug)]
        var out = ""
        var rest = Substring(pattern)
        while let colon = rest.firstIndex(of: ":") {
            out += rest[..<colon]
            rest = rest[colon...]
            if let (name, value) = values.first(where: { rest.hasPrefix($0.0) }) {
                out += value
                rest = rest.dropFirst(name.count)
            } else {
                out += ":"
                rest = rest.dropFirst()
            }
        }
        return out + rest
    }
}
