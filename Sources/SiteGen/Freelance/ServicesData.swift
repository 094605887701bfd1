import Foundation

/// What a freelancer sells and has done: `Content/services.yml`.
public struct ServicesData: Sendable {
    public struct Availability: Sendable {
        public var accepting: Bool
        public var note: String?
        public var nextAvailable: Date?
    }

    public struct Price: Sendable {
        public enum Unit: String, Sendable, CaseIterable {
            case perCharacter = "per_character", perWord = "per_word", perArticle = "per_article"
            case perHour = "per_hour", perPage = "per_page", fixed
        }
        public var amount: Decimal
        public var currency: String
        public var unit: Unit
        /// "〜" / "from": the amount is a starting price.
        public var from: Bool
    }

    public struct Service: Sendable {
        public var id: String
        public var name: String
        public var summary: String
        public var description: String?
        public var price: Price
        public var minimum: Price?
        public var turnaround: String?
        public var revisions: Int?
        public var deliverables: [String]
        public var tags: [String]
    }

    public struct Testimonial: Sendable {
        public var text: String
        public var author: String?
    }

    public struct Job: Sendable {
        public var title: String
        public var client: String?
        public var start: Date
        public var end: Date?
        public var serviceID: String
        public var summary: String
        public var link: String?
        public var testimonial: Testimonial?
    }

    public struct Term: Sendable {
        public var title: String
        public var text: String
    }

    public var availability: Availability
    public var services: [Service]
    /// Newest first.
    public var jobs: [Job]
    public var terms: [Term]

    public func service(_ id: String) -> Service? { services.first { $0.id == id } }
    /// Keys the file has that sitegen does not read (likely typos), with a suggestion each.
    public var warnings: [SiteError] = []

    public static let file = "Content/services.yml"
}

/// Reads and validates `services.yml`. Every error names the entry
/// (`services[2] (id: translation)`) and the field, with its line.
enum ServicesLoader {
    static func load(_ yaml: YAMLMap, dates: DateParser) throws -> ServicesData {
        var errors: [SiteError] = []
        func attempt<T>(_ body: () throws -> T) -> T? {
            do { return try body() } catch let error as SiteError { errors.append(error); return nil } catch { return nil }
        }

        func entries(_ key: String) -> [YAMLMap] { (attempt({ try yaml.maps(key) }) ?? nil) ?? [] }

        let availability = attempt({ try readAvailability(yaml, dates: dates) }) ?? ServicesData.Availability(accepting: true)
        var services: [ServicesData.Service] = []
        for (index, entry) in entries("services").enumerated() {
            if let service = attempt({ try readService(entry, index: index) }) { services.append(service) }
        }
        var seen = Set<String>()
        // Jobs may name a service that has an error of its own: that error is the one to show.
        let named = seen.union(entries("services").compactMap { try? $0.string("id") })
        for service in services where !seen.insert(service.id).inserted {
            errors.append(SiteError(file: yaml.file, Message("services.duplicate_id", ["id": service.id])))
        }
        var jobs: [ServicesData.Job] = []
        for (index, entry) in entries("jobs").enumerated() {
            if let job = attempt({ try readJob(entry, index: index, dates: dates, services: seen.union(named)) }) { jobs.append(job) }
        }
        var terms: [ServicesData.Term] = []
        for (index, entry) in entries("terms").enumerated() {
            let place = "terms[\(index)]"
            if let title = attempt({ try required(entry, "title", place) }), let text = attempt({ try required(entry, "text", place) }) {
                terms.append(.init(title: title, text: text))
            }
        }
        guard errors.isEmpty else { throw BuildFailure(errors) }
        jobs.sort { ($0.end ?? $0.start) > ($1.end ?? $1.start) }
        var data = ServicesData(availability: availability, services: services, jobs: jobs, terms: terms)
        data.warnings = unknownKeys(yaml)
        return data
    }

    /// The keys each part of services.yml takes.
    static let knownKeys: [String: Set<String>] = [
        "": ["availability", "services", "jobs", "terms"],
        "availability": ["accepting", "note", "next_available"],
        "services": ["id", "name", "summary", "description", "price", "minimum", "turnaround", "revisions", "deliverables", "tags"],
        "price": ["amount", "currency", "unit", "from"],
        "jobs": ["title", "client", "date", "from", "to", "service", "summary", "link", "testimonial"],
        "testimonial": ["text", "author"],
        "terms": ["title", "text"],
    ]

    /// Unknown keys anywhere in the file, as warnings with "did you mean" (`turnarround:`).
    static func unknownKeys(_ yaml: YAMLMap) -> [SiteError] {
        func check(_ map: YAMLMap, _ part: String, _ place: String) -> [SiteError] {
            let known = knownKeys[part] ?? []
            return map.keys.filter { !known.contains($0) }.map { key in
                SiteError(file: map.file, line: map.line(of: key), Message("services.unknown_key", ["place": place, "key": key]),
                          hint: ContentLints.suggestion(key, known), severity: .warning)
            }
        }
        var found = check(yaml, "", "")
        if let availability = try? yaml.map("availability") { found += check(availability, "availability", "availability: ") }
        for part in ["services", "jobs", "terms"] {
            for (index, entry) in ((try? yaml.maps(part)) ?? nil ?? []).enumerated() {
                found += check(entry, part, "\(part)[\(index)]: ")
                if part == "services", let price = try? entry.map("price") { found += check(price, "price", "\(part)[\(index)].price: ") }
                if part == "jobs", let testimonial = try? entry.map("testimonial") {
                    found += check(testimonial, "testimonial", "\(part)[\(index)].testimonial: ")
                }
            }
        }
        return found
    }

    /// "services[0] (id: x): `price` is missing", at the key's line (or the entry's).
    static func entryError(_ entry: YAMLMap, _ place: String, _ key: String, _ problem: Message, hint: Message? = nil) -> SiteError {
        SiteError(file: entry.file, line: entry.line(of: key) ?? entry.firstLine,
                  Message("entry.problem", ["place": place, "key": key, "problem": problem]),
                  hint: hint ?? Messages.english.hint(for: problem))
    }

    /// A text field that must be present; wrong types are reported with the entry named.
    static func required(_ entry: YAMLMap, _ key: String, _ place: String) throws -> String {
        guard let value = try optional(entry, key, place), !value.isEmpty else {
            throw entryError(entry, place, key, Message("entry.missing", ["key": key]))
        }
        return value
    }

    /// A job's `link:`, refused unless `SafeURL` allows it.
    static func link(_ entry: YAMLMap, _ place: String) throws -> String? {
        guard let url = try optional(entry, "link", place) else { return nil }
        guard SafeURL.isAllowed(url) else { throw entryError(entry, place, "link", Message("entry.link_refused", ["url": SafeURL.shown(url)])) }
        return url
    }

    static func optional(_ entry: YAMLMap, _ key: String, _ place: String) throws -> String? {
        do { return try entry.string(key) } catch {
            throw entryError(entry, place, key, Message("entry.not_text"))
        }
    }

    static func readAvailability(_ yaml: YAMLMap, dates: DateParser) throws -> ServicesData.Availability {
        guard let map = try yaml.map("availability") else { return .init(accepting: true) }
        var next: Date?
        if let text = try optional(map, "next_available", "availability") {
            guard let date = dates.parse(text) else {
                throw entryError(map, "availability", "next_available", Message("entry.not_a_day", ["date": text]))
            }
            next = date
        }
        let accepting: Bool
        do { accepting = try map.bool("accepting") ?? true } catch {
            throw entryError(map, "availability", "accepting", Message("entry.not_bool"))
        }
        return .init(accepting: accepting, note: try optional(map, "note", "availability"), nextAvailable: next)
    }

    static func readService(_ entry: YAMLMap, index: Int) throws -> ServicesData.Service {
        var place = "services[\(index)]"
        let id = try required(entry, "id", place)
        place += " (id: \(id))"
        guard Slug.make(id) == id else {
            throw entryError(entry, place, "id", Message("services.bad_id"))
        }
        guard let priceMap = try? entry.map("price") else {
            throw entryError(entry, place, "price", Message(entry.has("price") ? "services.price_not_nested" : "entry.missing", ["key": "price"]),
                             hint: Message("services.price.hint"))
        }
        let minimum = try entry.has("minimum") ? readMoney(entry, key: "minimum", place: place, defaultUnit: .fixed) : nil
        var revisions: Int?
        if entry.has("revisions") {
            guard let value = try? entry.int("revisions"), value >= 0 else {
                throw entryError(entry, place, "revisions", Message("entry.not_count"))
            }
            revisions = value
        }
        let list: (String) throws -> [String] = { key in
            do { return try entry.strings(key) } catch { throw entryError(entry, place, key, Message("entry.not_list")) }
        }
        return ServicesData.Service(
            id: id,
            name: try required(entry, "name", place),
            summary: try required(entry, "summary", place),
            description: try optional(entry, "description", place),
            price: try readPrice(priceMap, place: place + " price"),
            minimum: minimum,
            turnaround: try optional(entry, "turnaround", place),
            revisions: revisions,
            deliverables: try list("deliverables"),
            tags: try list("tags")
        )
    }

    static func readPrice(_ map: YAMLMap, place: String) throws -> ServicesData.Price {
        guard let amountText = try optional(map, "amount", place) else {
            throw entryError(map, place, "amount", Message("entry.missing", ["key": "amount"]))
        }
        guard let amount = Decimal(string: amountText.replacingOccurrences(of: ",", with: ""), locale: Locale(identifier: "en_US_POSIX")),
              amount >= 0, amountText.rangeOfCharacter(from: .letters) == nil else {
            throw entryError(map, place, "amount", Message("services.amount_not_number", ["found": amountText]))
        }
        let unitText = try optional(map, "unit", place) ?? "fixed"
        guard let unit = ServicesData.Price.Unit(rawValue: unitText) else {
            throw entryError(map, place, "unit", Message("services.unknown_unit", ["unit": unitText, "units": ServicesData.Price.Unit.allCases.map(\.rawValue).joined(separator: ", ")]))
        }
        let currency = (try optional(map, "currency", place) ?? "JPY").uppercased()
        guard currency.count == 3, currency.allSatisfy(\.isLetter) else {
            throw entryError(map, place, "currency", Message("services.bad_currency"))
        }
        let from: Bool
        do { from = try map.bool("from") ?? false } catch { throw entryError(map, place, "from", Message("entry.not_bool")) }
        return .init(amount: amount, currency: currency, unit: unit, from: from)
    }

    /// `minimum: 5000` (in the service's currency) or a nested price.
    static func readMoney(_ entry: YAMLMap, key: String, place: String, defaultUnit: ServicesData.Price.Unit) throws -> ServicesData.Price {
        if let map = try? entry.map(key) { return try readPrice(map, place: "\(place) \(key)") }
        guard let text = try optional(entry, key, place),
              let amount = Decimal(string: text.replacingOccurrences(of: ",", with: ""), locale: Locale(identifier: "en_US_POSIX")),
              text.rangeOfCharacter(from: .letters) == nil else {
            throw entryError(entry, place, key, Message("services.not_amount"))
        }
        let currency = ((try? entry.map("price")?.string("currency")) ?? nil) ?? "JPY"
        return .init(amount: amount, currency: currency.uppercased(), unit: defaultUnit, from: false)
    }

    static func readJob(_ entry: YAMLMap, index: Int, dates: DateParser, services: Set<String>) throws -> ServicesData.Job {
        var place = "jobs[\(index)]"
        let title = try required(entry, "title", place)
        place += " (\(title))"
        let serviceID = try required(entry, "service", place)
        guard services.contains(serviceID) else {
            throw entryError(entry, place, "service", Message("jobs.unknown_service", ["id": serviceID]),
                             hint: services.isEmpty ? Message("jobs.no_services.hint") : Message("jobs.unknown_service.hint", ["ids": services.sorted().joined(separator: ", ")]))
        }
        // `date: 2026-08` or `2026-08-15`, or a period `from:` / `to:`.
        func date(_ key: String) throws -> Date? {
            guard let text = try optional(entry, key, place) else { return nil }
            let full = text.count == 7 ? text + "-01" : text
            guard let date = dates.parse(full) else {
                throw entryError(entry, place, key, Message("jobs.not_a_month", ["date": text]))
            }
            return date
        }
        guard let start = try date("date") ?? date("from") else {
            throw entryError(entry, place, "date", Message("entry.missing"), hint: Message("jobs.no_date.hint"))
        }
        var testimonial: ServicesData.Testimonial?
        if let map = try? entry.map("testimonial") {
            testimonial = .init(text: try required(map, "text", place + " testimonial"), author: try optional(map, "author", place + " testimonial"))
        } else if let text = try optional(entry, "testimonial", place) {
            testimonial = .init(text: text, author: nil)
        }
        return ServicesData.Job(
            title: title,
            client: try optional(entry, "client", place),
            start: start,
            end: try date("to"),
            serviceID: serviceID,
            summary: try required(entry, "summary", place),
            link: try link(entry, place),
            testimonial: testimonial
        )
    }
}
