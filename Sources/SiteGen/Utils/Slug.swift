import Foundation

/// Slugs for URLs and heading ids. Letters and digits of every script are kept
/// (a Japanese tag stays Japanese in its URL); separators and punctuation become
/// single hyphens. Never transliterates: "初めての案件" is not "chu-meteno…".
public enum Slug {
    /// A slug becomes a folder name; file systems allow 255 bytes, and Japanese takes
    /// three bytes a character. Longer slugs are cut at a character boundary.
    public static let maxBytes = 180

    public static func make(_ text: String) -> String {
        var out = ""
        var pendingHyphen = false
        for character in text.precomposedStringWithCanonicalMapping {
            if character.isLetter || character.isNumber || character == "_" {
                if pendingHyphen && !out.isEmpty { out += "-" }
                pendingHyphen = false
                out += character.isASCII ? character.lowercased() : String(character)
            } else if character.unicodeScalars.allSatisfy({ $0.properties.isDiacritic || $0.properties.generalCategory == .nonspacingMark }) && !out.isEmpty {
                out += String(character) // a combining mark that came apart from its base
            } else {
                pendingHyphen = true
            }
        }
        return capped(out)
    }

    static func capped(_ slug: String) -> String {
        guard slug.utf8.count > maxBytes else { return slug }
        var result = ""
        for character in slug {
            guard result.utf8.count + character.utf8.count <= maxBytes else { break }
            result.append(character)
        }
        while result.hasSuffix("-") { result.removeLast() }
        return result
    }

    /// A slug from a file name: drops the extension and a leading `YYYY-MM-DD-`.
    public static func fromFileName(_ name: String) -> String {
        var base = name
        if let dot = base.lastIndex(of: ".") { base = String(base[..<dot]) }
        if base.range(of: #"^\d{4}-\d{2}-\d{2}-"#, options: .regularExpression) != nil {
            base = String(base.dropFirst(11))
        }
        return make(base)
    }
}
