import Foundation

/// Dates as each language writes them, and in the machine formats feeds need.
/// Built from calendar components: no DateFormatter on the hot path, and the
/// same output on every platform.
public struct DateFormat: Sendable {
    public let calendar: Calendar
    public let language: Language

    public init(calendar: Calendar, language: Language) {
        self.calendar = calendar
        self.language = language
    }

    static let englishMonths = ["January", "February", "March", "April", "May", "June", "July",
                                "August", "September", "October", "November", "December"]
    static let shortMonths = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    static let shortWeekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    func parts(_ date: Date) -> DateComponents {
        calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
    }

    /// `2017年9月18日` / `September 18, 2017`.
    public func long(_ date: Date) -> String {
        let p = parts(date)
        switch language {
        case .ja: return "\(p.year!)年\(p.month!)月\(p.day!)日"
        case .en: return "\(Self.englishMonths[p.month! - 1]) \(p.day!), \(p.year!)"
        }
    }

    /// `2017年9月` / `September 2017`.
    public func month(year: Int, month: Int) -> String {
        switch language {
        case .ja: return "\(year)年\(month)月"
        case .en: return "\(Self.englishMonths[month - 1]) \(year)"
        }
    }

    /// `2017年` / `2017`.
    public func year(_ year: Int) -> String {
        language == .ja ? "\(year)年" : "\(year)"
    }

    /// RFC 3339 with the site's offset: `2017-09-18T20:45:00+09:00`.
    public func iso(_ date: Date) -> String {
        let p = parts(date)
        return Self.digits(p.year!, 4) + "-" + Self.digits(p.month!, 2) + "-" + Self.digits(p.day!, 2) + "T"
            + Self.digits(p.hour!, 2) + ":" + Self.digits(p.minute!, 2) + ":" + Self.digits(p.second!, 2)
            + offset(date, separator: ":")
    }

    /// RFC 822 for RSS: `Mon, 18 Sep 2017 20:45:00 +0900`.
    public func rfc822(_ date: Date) -> String {
        let p = parts(date)
        return "\(Self.shortWeekdays[p.weekday! - 1]), "
            + String(format: "%02d ", p.day!) + Self.shortMonths[p.month! - 1]
            + String(format: " %04d %02d:%02d:%02d ", p.year!, p.hour!, p.minute!, p.second!)
            + offset(date, separator: "")
    }

    func offset(_ date: Date, separator: String) -> String {
        let seconds = calendar.timeZone.secondsFromGMT(for: date)
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return sign + Self.digits(minutes / 60, 2) + separator + Self.digits(minutes % 60, 2)
    }

    /// A number with leading zeros to `width` digits (String(format:) is slow on Linux,
    /// and ISO dates are written for every page, card and feed entry).
    static func digits(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
