import Foundation

/// A post's 1200×630 share card (`og:image`): its first image cropped to the card, or else
/// its title typeset on the site's colours in Noto Sans CJK (Japanese and English alike).
enum ShareCard {
    static let width = 1200
    static let height = 630
    /// Changes whenever a card's look does, so cached cards are made again.
    static let version = 2
    /// fontconfig's name for the font `scripts/deps` installs (Debian: fonts-noto-cjk).
    static let font = "Noto Sans CJK JP"

    /// The card cut from a photo: scaled to cover 1200×630, cropped around what draws the eye.
    static func crop(_ source: String, to path: String, quality: Int) throws {
        try Vips.cover(source, width: width, height: height).save(path, as: .jpeg, quality: quality)
    }

    /// The card with `title` set large (smaller for a long title, wrapped at phrase boundaries
    /// in Japanese) and `siteName` below it.
    static func typeset(title: String, siteName: String, background: RGB, ink: RGB, to path: String) throws {
        let margin = 80
        let textWidth = width - 2 * margin
        var card = try Vips.canvas(width: width, height: height, colour: background)
        let markup = pango(title)
        var mask = try Vips.text(markup, font: "\(font) Bold 64", width: textWidth, spacing: 0)
        for size in [54, 46, 40] where mask.height > 330 {
            mask = try Vips.text(markup, font: "\(font) Bold \(size)", width: textWidth, spacing: 0)
        }
        let titleTop = max(margin, (height - 110 - mask.height) / 2)
        card = try Vips.paint(mask, onto: card, x: margin, y: titleTop, colour: ink)
        if !siteName.isEmpty {
            let name = try Vips.text(pango(siteName), font: "\(font) 30", width: textWidth, spacing: 0)
            card = try Vips.paint(name, onto: card, x: margin, y: height - margin - min(name.height, 60), colour: ink)
        }
        try card.save(path, as: .png, quality: 100)
    }

    /// Text as Pango markup: `&`, `<` and `>` escaped; in Japanese, WORD JOINERs between the
    /// characters of each phrase, so lines break only between phrases (as `<wbr>` does in pages).
    static func pango(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        let breaks = Phrases.isJapanese(text) ? Phrases.boundaries(scalars) : nil
        var out = ""
        for (index, scalar) in scalars.enumerated() {
            if let breaks, index > 0, !breaks.contains(index), !scalar.properties.isWhitespace,
               !scalars[index - 1].properties.isWhitespace {
                out.unicodeScalars.append("\u{2060}")
            }
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
