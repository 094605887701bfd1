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

    nonisolated(unsafe) static let pattern = #/^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|z|[+-]\d{2}:?\d{2})?$/#

    public func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let m = try? Self.pattern.wholeMatch(in: trimmed) else { return nil }
        var parts = DateComponents()
        parts.year = Int(m.1); parts.month = Int(m.2); parts.day = Int(m.3)
        parts.hour = m.4.flatMap { Int($0) } ?? 0
        parts.minute = m.5.flatMap { Int($0) } ?? 0
        parts.second = m.6.flatMap { Int($0) } ?? 0
        var calendar = self.calendar
        if let zone = m.7 {
            guard let offset = Self.offsetSeconds(String(zone)), let tz = TimeZone(secondsFromGMT: offset) else { return nil }
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

    static func offsetSeconds(_ zone: String) -> Int? {
        if zone == "Z" || zone == "z" { return 0 }
        let sign = zone.hasPrefix("-") ? -1 : 1
        let digits = zone.dropFirst().replacingOccurrences(of: ":", with: "")
        guard digits.count == 4, let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)) else { return nil }
        return sign * (hours * 3600 + minutes * 60)
    }
}
