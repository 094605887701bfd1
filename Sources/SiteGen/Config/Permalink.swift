import Foundation

/// A post URL pattern such as `/posts/:slug/` or `/:year/:month/:slug/`.
public struct Permalink: Sendable {
    public struct InvalidPattern: Error { public let message: Message }

    public let pattern: String
    static let tokens = [":year", ":month", ":day", ":slug"]
    /// The pattern cut once at its placeholders (10,000 posts each scanned it again).
    private let pieces: [Piece]

    private enum Piece: Sendable {
        case text(String), year, month, day, slug
    }

    public init(_ pattern: String) throws {
        guard pattern.contains(":slug") else {
            throw InvalidPattern(message: Message("permalink.no_slug", ["pattern": pattern]))
        }
        var p = pattern.hasPrefix("/") ? pattern : "/" + pattern
        if !p.hasSuffix("/") && !p.hasSuffix(".html") { p += "/" }
        if URLPath.hasUnsafeSegment(p) || p.contains("\\") {
            throw InvalidPattern(message: Message("permalink.outside", ["pattern": pattern]))
        }
        let unknown = p.split(separator: "/").filter { $0.hasPrefix(":") && !Self.tokens.contains(String($0)) }
        if let first = unknown.first {
            throw InvalidPattern(message: Message("permalink.unknown_token", ["token": first, "tokens": Self.tokens.joined(separator: " ")]))
        }
        self.pattern = p
        self.pieces = Self.pieces(of: p)
    }

    /// The literal runs and placeholders of `pattern`, left to right; a `:` that starts no
    /// placeholder is text, and the slug goes in last and is never read as a placeholder.
    private static func pieces(of pattern: String) -> [Piece] {
        let placeholders: [(String, Piece)] = [(":year", .year), (":month", .month), (":day", .day), (":slug", .slug)]
        var pieces: [Piece] = []
        var text = ""
        var rest = Substring(pattern)
        while let colon = rest.firstIndex(of: ":") {
            text += rest[..<colon]
            rest = rest[colon...]
            if let (name, piece) = placeholders.first(where: { rest.hasPrefix($0.0) }) {
                if !text.isEmpty { pieces.append(.text(text)) }
                text = ""
                pieces.append(piece)
                rest = rest.dropFirst(name.count)
            } else {
                text += ":"
                rest = rest.dropFirst()
            }
        }
        text += rest
        if !text.isEmpty { pieces.append(.text(text)) }
        return pieces
    }

    /// The site path of a post; date parts are taken in the site's time zone.
    public func path(slug: String, date: Date, calendar: Calendar) -> String {
        let parts = DateFormat.parts(date, calendar: calendar)
        var out = ""
        out.reserveCapacity(pattern.utf8.count + slug.utf8.count)
        for piece in pieces {
            switch piece {
            case .text(let text): out += text
            case .year: out += String(parts.year)
            case .month: out += DateFormat.digits(parts.month, 2)
            case .day: out += DateFormat.digits(parts.day, 2)
            case .slug: out += slug
            }
        }
        return out
    }
}
