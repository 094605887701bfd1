import Foundation

/// What the image stage made of each local image, by its site path (`/images/a.jpg`): its
/// size as shown and the copies a page offers the browser. Rendering reads it; it never
/// touches a file.
public struct ImageCatalog: Sendable {
    public struct Copy: Sendable, Equatable {
        public var format: ImageFormat
        public var width: Int
        /// Site path of the file, content-hashed (`/images/a.800w.1a2b3c4d.webp`).
        public var path: String
    }

    public struct Entry: Sendable, Equatable {
        /// As shown (after the orientation tag).
        public var width: Int
        public var height: Int
        /// The source's bytes and the settings it was processed with.
        public var hash: UInt64
        /// Resized copies, narrowest first; empty for an image published as it is (GIF, SVG).
        public var copies: [Copy]
        /// What `src` names: the widest copy in the original's format, else the image itself.
        public var fallback: String
        /// Whether the image is published at its own path too (not with `keep_originals: false`,
        /// nor for HEIC or TIFF, which browsers do not show).
        public var publishesOriginal: Bool
    }

    /// The path to link for an image named at `path`: itself, or its widest copy when only
    /// copies are published.
    func published(_ path: String) -> String {
        guard let entry = entries[path], !entry.publishesOriginal else { return path }
        return entry.fallback
    }

    public var entries: [String: Entry] = [:]
    let sizes: String

    init(entries: [String: Entry] = [:], sizes: String = ImageSettings().sizes) {
        self.entries = entries
        self.sizes = sizes
    }

    /// What the processed images `uses` name (from a page at `pagePath`) became: part of the
    /// key of a body that shows them, so a changed photo renders only the bodies showing it.
    func combine(_ uses: [ImageUse], pagePath: String, into hasher: inout StableHasher) {
        hasher.combine(sizes)
        for use in uses {
            guard let path = use.sitePath(from: pagePath), let entry = entries[path] else { continue }
            hasher.combine(path)
            hasher.combine(entry.hash)
            hasher.combine(entry.width)
            hasher.combine(entry.height)
        }
    }
}

/// Every `<img>` of a rendered body, rewritten for the browser:
/// - a processed image becomes a `<picture>` with a WebP (and AVIF) `srcset`, the original
///   format's `srcset` on the `<img>`, `sizes`, and its `width` and `height`, so the page
///   does not shift as it loads;
/// - the first image of the body is fetched first (`fetchpriority="high"`); every other one
///   waits until it is near the screen (`loading="lazy" decoding="async"`).
/// Attributes the writer gave (alt, title, class, their own width…) are kept.
struct PictureMarkup {
    /// Changes whenever the markup does, so cached bodies are made again.
    static let version = 1
    let catalog: ImageCatalog?
    /// The path the site lives under (`/`, `/blog/`), decoded.
    let basePath: String

    func rewrite(_ html: String, pagePath: String) -> String {
        guard html.contains("<img") else { return html }
        var out = ""
        out.reserveCapacity(html.utf8.count + 512)
        var rest = html[...]
        var isFirst = true
        while let open = rest.range(of: "<img") {
            guard let close = rest[open.upperBound...].firstIndex(of: ">") else { break }
            let after = rest[open.upperBound...].first
            guard after == " " || after == "\n" || after == "\t" || after == "/" || after == ">" else {
                out += rest[..<open.upperBound]
                rest = rest[open.upperBound...]
                continue
            }
            out += rest[..<open.lowerBound]
            let inside = rest[open.upperBound..<close]
            out += tag(inside.hasSuffix("/") ? inside.dropLast() : inside, pagePath: pagePath, isFirst: isFirst)
            isFirst = false
            rest = rest[rest.index(after: close)...]
        }
        out += rest
        return out
    }

    private func tag(_ inside: Substring, pagePath: String, isFirst: Bool) -> String {
        var attributes = HTMLScan.attributes(inside)
        func has(_ name: String) -> Bool { attributes.contains { $0.0 == name } }
        let src = attributes.first { $0.0 == "src" }?.1 ?? ""
        let entry = sitePath(of: src, pagePath: pagePath).flatMap { catalog?.entries[$0] }
        var sources = ""
        if let entry {
            if !has("width") && !has("height") {
                attributes.append(("width", String(entry.width)))
                attributes.append(("height", String(entry.height)))
            }
            let fallbackFormat = entry.copies.first { $0.path == entry.fallback }?.format
            for format in [ImageFormat.avif, .webp] where format != fallbackFormat {
                let set = srcset(entry.copies.filter { $0.format == format })
                if !set.isEmpty {
                    sources += "<source type=\"\(format.mediaType)\" srcset=\"\(Escape.html(set))\" sizes=\"\(Escape.html(catalog!.sizes))\">"
                }
            }
            if let index = attributes.firstIndex(where: { $0.0 == "src" }) { attributes[index].1 = link(entry.fallback) }
            let own = srcset(entry.copies.filter { $0.format == fallbackFormat })
            if !own.isEmpty, !has("srcset") {
                attributes.append(("srcset", own))
                attributes.append(("sizes", catalog!.sizes))
            }
        }
        if isFirst {
            if !has("fetchpriority") && !has("loading") { attributes.append(("fetchpriority", "high")) }
        } else {
            if !has("loading") { attributes.append(("loading", "lazy")) }
            if !has("decoding") { attributes.append(("decoding", "async")) }
        }
        let img = "<img" + attributes.map { " \($0.0)=\"\(Escape.html($0.1))\"" }.joined() + ">"
        return sources.isEmpty ? img : "<picture>" + sources + img + "</picture>"
    }

    private func srcset(_ copies: [ImageCatalog.Copy]) -> String {
        copies.map { "\(link($0.path)) \($0.width)w" }.joined(separator: ", ")
    }

    private func link(_ sitePath: String) -> String {
        URLPath.encode(basePath + sitePath.dropFirst())
    }

    /// The site path an `src` in the body names: the base path the renderer put before
    /// root-relative sources is taken off again.
    private func sitePath(of src: String, pagePath: String) -> String? {
        guard let catalog, !catalog.entries.isEmpty else { return nil }
        var written = src
        if basePath != "/", let decoded = URLPath.decode(String(written.prefix { $0 != "?" && $0 != "#" })), decoded.hasPrefix(basePath) {
            written = "/" + decoded.dropFirst(basePath.count)
        }
        return ImageUse(written: written, line: 0).sitePath(from: pagePath)
    }
}
