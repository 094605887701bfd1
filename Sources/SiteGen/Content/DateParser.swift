import Foundation

/// Reads the dates people write in front matter: `2017-09-18`, `2017-09-18 20:45`,
/// `2017-09-18T20:45:21+09:00`, `2017/09/18`… A date without a zone is in the
/// site's time zone. Impossible dates (`2017-02-30`) are rejected, not rolled over.
public struct DateParser: Sendable {
    public let calendar: Calendar

    public init(timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// The fields of `YYYY-MM-DD[(T| )HH:MM[:SS[.fff]]][ ]*[Z|±HH[:]MM]` (`/` also
    /// separates the date), read by hand: a Regex took a fifth of loading a large site.
    struct Fields {
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0
        var zone: String?
    }

    static func fields(_ text: String) -> Fields? {
        let bytes = Array(text.utf8)
        var i = 0
        func number(_ least: Int, _ most: Int) -> Int? {
            var value = 0, count = 0
            while i < bytes.count, count < most, bytes[i] >= 48, bytes[i] <= 57 {
                value = value * 10 + Int(bytes[i] - 48)
                i += 1
                count += 1
            }
            return count >= least ? value : nil
        }
        func skip(_ allowed: [UInt8]) -> Bool {
            guard i < bytes.count, allowed.contains(bytes[i]) else { return false }
            i += 1
            return true
        }
        var f = Fields()
        guard let year = number(4, 4), skip([45, 47]), let month = number(1, 2), skip([45, 47]), let day = number(1, 2) else { return nil }
        (f.year, f.month, f.day) = (year, month, day)
        if i < bytes.count, bytes[i] == 84 || bytes[i] == 32, i + 1 < bytes.count, bytes[i + 1] >= 48, bytes[i + 1] <= 57 {
            i += 1
            guard let hour = number(1, 2), skip([58]), let minute = number(2, 2) else { return nil }
            (f.hour, f.minute) = (hour, minute)
            if skip([58]) {
                guard let second = number(2, 2) else { return nil }
                f.second = second
                if skip([46]) { guard number(1, .max) != nil else { return nil } }
            }
        }
        while i < bytes.count, bytes[i] == 32 || bytes[i] == 9 { i += 1 }
        if i < bytes.count {
            let start = i
            if skip([90, 122]) {
                f.zone = "Z"
            } else if skip([43, 45]) {
                guard number(2, 2) != nil else { return nil }
                _ = skip([58])
                guard number(2, 2) != nil else { return nil }
                f.zone = String(decoding: bytes[start..<i], as: UTF8.self)
            } else {
                return nil
            }
        }
        return i == bytes.count ? f : nil
    }

    public func parse(_ text: String) -> Date? {
        let trimmed = text.trimmedSpaces
        guard let m = Self.fields(trimmed) else { return nil }
        var parts = DateComponents()
        parts.year = m.year; parts.month = m.month; parts.day = m.day
        parts.hour = m.hour; parts.minute = m.minute; parts.second = m.second
        var calendar = self.calendar
        if let zone = m.zone {
            guard let offset = Self.offsetSeconds(zone), let tz = TimeZone(secondsFromGMT: offset) else { return nil }
            calendar.timeZone = tz
        }
        guard (1...12).contains(parts.month!), (0...23).contains(parts.hour!),
              (0...59).contains(parts.minute!), (0...60).contains(parts.second!),
              let date = calendar.date(from: parts) else { return nil }
        // Calendar rolls 2017-02-30 over to March 2nd; read it back to refuse that.
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        guard back.year == parts.year, back.month == parts.month, back.day == parts.day else { return nil }
        return date
    }

    /// `Z`, `+09:00` or `-0530` in seconds east of UTC (read as bytes: this runs for every dated post).
    static func offsetSeconds(_ zone: String) -> Int? {
        if zone == "Z" || zone == "z" { return 0 }
        let bytes = Array(zone.utf8)
        guard let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        let digits = bytes.dropFirst().filter { $0 != UInt8(ascii: ":") }
        guard digits.count == 4, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let value = digits.map { Int($0 - 48) }
        let seconds = (value[0] * 10 + value[1]) * 3600 + (value[2] * 10 + value[3]) * 60
        return sign == UInt8(ascii: "-") ? -seconds : seconds
    }
}
