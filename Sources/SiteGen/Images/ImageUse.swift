import Foundation

/// An image a Markdown body names, as written (`photo.jpg`, `/images/a.png`, an https URL),
/// and the line of the file it is on.
public struct ImageUse: Sendable, Equatable {
    public var written: String
    public var line: Int

    /// Whether it names a file of this site (not `https:`, `data:` or `//host/…`).
    var isLocal: Bool {
        let lower = written.lowercased()
        return !written.isEmpty && !written.hasPrefix("//") && !lower.contains(":") && !written.hasPrefix("#")
    }

    /// The site path it names from a page at `pagePath` (`photo.jpg` beside `/posts/a/` is
    /// `/posts/a/photo.jpg`), decoded, without query or fragment; nil for a remote image.
    func sitePath(from pagePath: String) -> String? {
        guard isLocal else { return nil }
        return Self.sitePath(written, from: pagePath)
    }

    static func sitePath(_ written: String, from pagePath: String) -> String? {
        var path = String(written.prefix { $0 != "?" && $0 != "#" })
        path = URLPath.decode(path) ?? path
        if !path.hasPrefix("/") {
            let folder = pagePath.hasSuffix("/") ? pagePath : String(pagePath[...(pagePath.lastIndex(of: "/") ?? pagePath.startIndex)])
            path = folder + path
        }
        // `./a.png`, `../images/a.png`
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { if parts.popLast() == nil { return nil }; continue }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    /// Every image `markdown` names outside fenced code: `![alt](src "title")`, reference
    /// definitions whose target is an image file (`[photo]: a.jpg`), `<img src="…">` in raw
    /// HTML and Hugo's `figure` shortcode. `bodyLine` is the body's first line in its file. Finding one too many (in an
    /// indented code block, say) only adds to a body's cache key; the image stage reports a
    /// missing file only for those the rendered body really shows.
    static func all(in markdown: String, bodyLine: Int) -> [ImageUse] {
        // Byte searches, not Foundation's `contains` (NSString on Linux): every body is searched.
        guard ["![", "<img", "<IMG", "]:", "figure src="].contains(where: markdown.containsBytes) else { return [] }
        var uses: [ImageUse] = []
        var fence: Substring?
        for (offset, line) in markdown.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " }
            if let open = fence {
                if trimmed.hasPrefix(open) { fence = nil }
                continue
            }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                fence = trimmed.prefix { $0 == trimmed.first }
                continue
            }
            let number = bodyLine + offset
            // Only a line holding one of the markers' characters is searched for images.
            guard line.utf8.contains(where: { $0 == UInt8(ascii: "!") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "]") })
            else { continue }
            for written in markdownImages(in: line) + htmlImages(in: line) + definition(in: trimmed) {
                uses.append(ImageUse(written: written, line: number))
            }
        }
        return uses
    }

    /// `![alt](src "title")` and `![alt](<src with spaces>)`.
    private static func markdownImages(in line: Substring) -> [String] {
        var found: [String] = []
        var rest = line[...]
        while let start = rest.range(of: "![") {
            rest = rest[start.upperBound...]
            guard let close = rest.range(of: "](") else { break }
            var target = rest[close.upperBound...]
            if target.hasPrefix("<") {
                target = target.dropFirst().prefix { $0 != ">" }
            } else {
                target = target.prefix { $0 != " " && $0 != ")" && $0 != "\t" }
            }
            if !target.isEmpty { found.append(String(target)) }
            rest = rest[close.upperBound...]
        }
        return found
    }

    /// `<img … src="…">` (either quote, or none), and Hugo's `{{< figure src="…" >}}`.
    private static func htmlImages(in line: Substring) -> [String] {
        var found: [String] = []
        var rest = line[...]
        func nextTag() -> Range<Substring.Index>? {
            let tags = [rest.range(of: "<img", options: .caseInsensitive), rest.range(of: "< figure "), rest.range(of: "% figure ")]
            return tags.compactMap { $0 }.min { $0.lowerBound < $1.lowerBound }
        }
        while let tag = nextTag() {
            rest = rest[tag.upperBound...]
            let inside = rest.prefix { $0 != ">" }
            guard let src = inside.range(of: "src=", options: .caseInsensitive) else { continue }
            var value = inside[src.upperBound...]
            if let quote = value.first, quote == "\"" || quote == "'" {
                value = value.dropFirst().prefix { $0 != quote }
            } else {
                value = value.prefix { $0 != " " && $0 != "/" }
            }
            if !value.isEmpty { found.append(HTMLScan.decodeEntities(String(value))) }
        }
        return found
    }

    static let fileExtensions: Set<String> = ["jpg", "jpeg", "png", "webp", "gif", "avif", "heic", "heif", "tif", "tiff", "svg"]

    /// `[label]: target` when the target is an image file.
    private static func definition(in line: Substring) -> [String] {
        guard line.hasPrefix("["), let close = line.range(of: "]:") else { return [] }
        let target = line[close.upperBound...].drop { $0 == " " }.prefix { $0 != " " }
        let stripped = target.hasPrefix("<") ? target.dropFirst().prefix { $0 != ">" } : target
        guard let dot = stripped.lastIndex(of: "."),
              fileExtensions.contains(stripped[stripped.index(after: dot)...].lowercased()) else { return [] }
        return [String(stripped)]
    }
}
