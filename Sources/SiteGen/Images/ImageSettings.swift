import Foundation

/// site.yml's `images:`: how local images are processed (see `ImageStage`).
public struct ImageSettings: Sendable, Equatable {
    /// `images.process: false` copies images as they are (no sizes, no stripping): the
    /// build then behaves as before images were processed.
    public var process = true
    /// The widths of the resized copies; an image is never enlarged: narrower images get
    /// the widths below their own and their own width.
    public var widths = [480, 800, 1200, 1600]
    /// WebP always; AVIF too with `images.avif: true` where libvips can encode it (it takes
    /// about ten times WebP's time, so it is asked for, not assumed).
    public var avif = false
    /// Encoder quality (1–100) for JPEG, WebP and AVIF copies.
    public var quality = 80
    /// The `sizes` attribute: how wide the image shows, for the browser to pick a copy.
    /// The default theme's text column is 42rem (672 px) wide at most.
    public var sizes = "(max-width: 42rem) 100vw, 42rem"
    /// `images.keep_originals: false` publishes the resized copies only.
    public var keepOriginals = true
    /// A 1200×630 share card (`og:image`) for every post (`images.cards: false` turns them off).
    public var cards = true
    /// The title card's colours, `#rrggbb` (the default theme's accent and its text colour).
    public var cardBackground = "#0b6e4f"
    public var cardText = "#ffffff"
    /// `sitegen check` warns about an image larger than this that is not processed
    /// (a remote one, a GIF, an SVG), in kilobytes.
    public var budgetKB = 500

    public init() {}

    static let knownKeys: Set<String> = [
        "process", "widths", "avif", "quality", "sizes", "keep_originals", "cards", "card_background", "card_text", "budget_kb",
    ]

    static func load(_ yaml: YAMLMap) throws -> ImageSettings {
        var settings = ImageSettings()
        if yaml.isFalse("images") { settings.process = false; settings.cards = false; return settings }
        guard let map = try yaml.map("images") else { return settings }
        if let unknown = map.keys.first(where: { !knownKeys.contains($0) }) {
            throw map.error(unknown, Message("images.unknown_key", ["key": unknown, "keys": knownKeys.sorted().joined(separator: ", ")]))
        }
        settings.process = try map.bool("process") ?? true
        if map.has("widths") {
            let widths = try map.strings("widths").map { text -> Int in
                guard let width = Int(text), (16...8192).contains(width) else {
                    throw map.error("widths", Message("images.bad_width", ["width": text]))
                }
                return width
            }
            guard !widths.isEmpty else { throw map.error("widths", Message("images.bad_width", ["width": ""])) }
            settings.widths = Array(Set(widths)).sorted()
        }
        settings.avif = try map.bool("avif") ?? false
        if let quality = try map.int("quality") {
            guard (1...100).contains(quality) else { throw map.error("quality", Message("images.bad_quality", ["quality": String(quality)])) }
            settings.quality = quality
        }
        settings.sizes = try map.string("sizes") ?? settings.sizes
        settings.keepOriginals = try map.bool("keep_originals") ?? true
        settings.cards = try map.bool("cards") ?? true
        for (key, path) in [("card_background", \ImageSettings.cardBackground), ("card_text", \ImageSettings.cardText)] {
            guard let colour = try map.string(key) else { continue }
            guard RGB(hex: colour) != nil else { throw map.error(key, Message("images.bad_colour", ["colour": colour])) }
            settings[keyPath: path] = colour
        }
        if let budget = try map.int("budget_kb") { settings.budgetKB = max(budget, 1) }
        return settings
    }

    /// Everything that changes a processed file, for its cache key and content hash.
    func combine(into hasher: inout StableHasher) {
        hasher.combine(widths.count)
        for width in widths { hasher.combine(width) }
        hasher.combine(avif ? 1 : 0)
        hasher.combine(quality)
        hasher.combine(keepOriginals ? 1 : 0)
    }
}

/// A colour from `#rrggbb`.
struct RGB: Equatable {
    var red: Double, green: Double, blue: Double

    init?(hex: String) {
        let digits = hex.hasPrefix("#") ? hex.dropFirst() : hex[...]
        guard digits.count == 6, let value = UInt32(digits, radix: 16) else { return nil }
        red = Double(value >> 16 & 0xff)
        green = Double(value >> 8 & 0xff)
        blue = Double(value & 0xff)
    }
}
