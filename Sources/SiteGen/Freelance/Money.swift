import Foundation

/// Prices as a client reads them: `文字単価 2.5円`, `1記事 30,000円〜`, `¥3,000 per hour`.
enum Money {
    static func format(_ price: ServicesData.Price, language: Language) -> String {
        let amount = amountText(price, language: language)
        switch language {
        case .ja:
            let unit: String
            switch price.unit {
            case .perCharacter: unit = "文字単価 "
            case .perWord: unit = "1ワード "
            case .perArticle: unit = "1記事 "
            case .perHour: unit = "1時間 "
            case .perPage: unit = "1ページ "
            case .fixed: unit = ""
            }
            return unit + amount + (price.from ? "〜" : "")
        case .en:
            return (price.from ? "from " : "") + amount + (unitText(price.unit).map { " per " + $0 } ?? "")
        }
    }

    /// The amount with its currency: `30,000円` in Japanese text, `¥30,000` elsewhere, `$40`.
    static func amountText(_ price: ServicesData.Price, language: Language? = nil) -> String {
        let number = grouped(price.amount)
        switch price.currency {
        case "JPY": return language == .en ? "¥" + number : number + "円"
        case "USD": return "$" + number
        case "EUR": return "€" + number
        case "GBP": return "£" + number
        default: return number + " " + price.currency
        }
    }

    /// `30000` → `30,000`; `2.5` stays `2.5`.
    static func grouped(_ amount: Decimal) -> String {
        let plain = NSDecimalNumber(decimal: amount).stringValue
        let parts = plain.split(separator: ".", maxSplits: 1)
        var integer = String(parts[0])
        var groups: [String] = []
        while integer.count > 3 {
            groups.insert(String(integer.suffix(3)), at: 0)
            integer.removeLast(3)
        }
        groups.insert(integer, at: 0)
        return groups.joined(separator: ",") + (parts.count > 1 ? "." + parts[1] : "")
    }

    /// The plain number for machine-readable prices (JSON-LD).
    static func plain(_ amount: Decimal) -> String { NSDecimalNumber(decimal: amount).stringValue }

    /// The unit for schema.org's `unitText`.
    static func unitText(_ unit: ServicesData.Price.Unit) -> String? {
        switch unit {
        case .perCharacter: return "character"
        case .perWord: return "word"
        case .perArticle: return "article"
        case .perHour: return "hour"
        case .perPage: return "page"
        case .fixed: return nil
        }
    }
}
