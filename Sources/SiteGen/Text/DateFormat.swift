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

    /// A date's fields in the site's time zone.
    struct Parts: Equatable {
        var year, month, day, hour, minute, second: Int
        /// 1 = Sunday, as `Calendar` counts.
        var weekday: Int
    }

    /// Gregorian dates from 1600 on are worked out from the seconds and the zone's offset
    /// (`Calendar.dateComponents` was a tenth of a build with nothing to render: every card,
    /// sitemap line and feed entry formats a date); other calendars and earlier dates,
    /// where Foundation switches to the Julian calendar, ask `Calendar`.
    func parts(_ date: Date) -> Parts { Self.parts(date, calendar: calendar) }

    /// The same for any calendar (permalinks take their date parts here too).
    static func parts(_ date: Date, calendar: Calendar) -> Parts {
        let seconds = date.timeIntervalSince1970
        if calendar.identifier == .gregorian, seconds >= Self.year1600, seconds < Self.year9000 {
            return civil(Int((seconds + Double(calendar.timeZone.secondsFromGMT(for: date))).rounded(.down)))
        }
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        return Parts(year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second!, weekday: p.weekday!)
    }

    static let year1600: Double = -11_676_096_000
    static let year9000: Double = 221_845_392_000

    /// Local seconds since 1970 → fields of the proleptic Gregorian calendar (days to
    /// year, month and day by the 400-year cycle, March-based so leap days fall last).
    static func civil(_ local: Int) -> Parts {
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let time = local - days * 86_400
        let shifted = days + 719_468 // days since 0000-03-01
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153 // 0 = March
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let weekday = ((days % 7) + 7 + 4) % 7 + 1 // 1970-01-01 was a Thursday
        return Parts(year: year, month: month, day: day, hour: time / 3_600, minute: time / 60 % 60, second: time % 60, weekday: weekday)
    }

    /// `2017年9月18日` / `September 18, 2017`.
    public func long(_ date: Date) -> String {
        let p = parts(date)
        switch language {
        case .ja: return "\(p.year)年\(p.month)月\(p.day)日"
        case .en: return "\(Self.englishMonths[p.month - 1]) \(p.day), \(p.year)"
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

    /// RFC 3339 with the site's offset: `2017-09-18T20:45:00+09:00`. Written as bytes: joined
    /// as strings it cost 11,000 instructions, and the search index dates every post.
    public func iso(_ date: Date) -> String {
        let p = parts(date)
        var out: [UInt8] = []
        out.reserveCapacity(25)
        func put(_ number: Int, _ width: Int, then separator: Unicode.Scalar?) {
            Self.appendDigits(number, width, to: &out)
            if let separator { out.append(UInt8(ascii: separator)) }
        }
        put(p.year, 4, then: "-"); put(p.month, 2, then: "-"); put(p.day, 2, then: "T")
        put(p.hour, 2, then: ":"); put(p.minute, 2, then: ":"); put(p.second, 2, then: nil)
        appendOffset(date, separator: ":", to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// RFC 822 for RSS: `Mon, 18 Sep 2017 20:45:00 +0900`.
    public func rfc822(_ date: Date) -> String {
        let p = parts(date)
        return "\(Self.shortWeekdays[p.weekday - 1]), "
            + String(format: "%02d ", p.day) + Self.shortMonths[p.month - 1]
            + String(format: " %04d %02d:%02d:%02d ", p.year, p.hour, p.minute, p.second)
            + offset(date, separator: "")
    }

    func offset(_ date: Date, separator: String) -> String {
        var out: [UInt8] = []
        appendOffset(date, separator: separator, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func appendOffset(_ date: Date, separator: String, to out: inout [UInt8]) {
        let seconds = calendar.timeZone.secondsFromGMT(for: date)
        let minutes = abs(seconds) / 60
        out.append(UInt8(ascii: seconds < 0 ? "-" : "+"))
        Self.appendDigits(minutes / 60, 2, to: &out)
        out += separator.utf8
        Self.appendDigits(minutes % 60, 2, to: &out)
    }

    /// A number with leading zeros to `width` digits (String(format:) is slow on Linux,
    /// and ISO dates are written for every page, card and feed entry).
    static func digits(_ number: Int, _ width: Int) -> String {
        var out: [UInt8] = []
        appendDigits(number, width, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendDigits(_ number: Int, _ width: Int, to out: inout [UInt8]) {
        // The usual fields (two-digit months to seconds, four-digit years) digit by digit.
        if width == 2 && (0..<100).contains(number) {
            out.append(48 + UInt8(number / 10))
            out.append(48 + UInt8(number % 10))
            return
        }
        if width == 4 && (0..<10_000).contains(number) {
            out.append(48 + UInt8(number / 1000))
            out.append(48 + UInt8(number / 100 % 10))
            out.append(48 + UInt8(number / 10 % 10))
            out.append(48 + UInt8(number % 10))
            return
        }
        guard number >= 0 else {
            let text = String(number) // a sign before the zeros, as `String` gives it
            out += repeatElement(UInt8(ascii: "0"), count: max(0, width - text.utf8.count))
            out += text.utf8
            return
        }
        var magnitude = 10, count = 1
        while count < 19 && number >= magnitude { magnitude &*= 10; count += 1 }
        out += repeatElement(UInt8(ascii: "0"), count: max(0, width - count))
        out.appendDigits(of: UInt64(number), radix: 10)
    }
}
