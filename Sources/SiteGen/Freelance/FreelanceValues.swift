import Foundation

/// Template values and structured data for the services, works and contact pages.
struct FreelanceValues {
    let data: ServicesData
    let config: SiteConfig
    let dates: DateFormat
    let markdown: MarkdownRenderer
    let t: (String) -> String

    var url: SiteURL { config.baseURL }
    var language: Language { config.language }

    func availability() -> [String: Any] {
        let a = data.availability
        return TemplateValues.compact([
            "accepting": a.accepting ? true : nil,
            "closed": a.accepting ? nil : true,
            "note": a.note,
            "nextAvailable": a.nextAvailable.map(dates.long),
            "nextAvailableISO": a.nextAvailable.map(dates.iso),
        ])
    }

    func contactURL(service: String? = nil) -> String {
        url.link(FreelanceLinks.contact) + (service.map { "?service=" + URLPath.encodeComponent($0) } ?? "")
    }

    func services() -> [[String: Any]] {
        data.services.map { service in
            TemplateValues.compact([
                "id": service.id,
                "name": service.name,
                "summary": service.summary,
                "description": service.description.map { markdown.render($0).html },
                "price": Money.format(service.price, language: language),
                "minimum": service.minimum.map { Money.amountText($0, language: language) },
                "turnaround": service.turnaround,
                "revisions": service.revisions.map { t("revisions_n").replacingOccurrences(of: "{n}", with: "\($0)") },
                "deliverables": service.deliverables,
                "tags": service.tags,
                "requestURL": config.contact == nil ? nil : contactURL(service: service.id),
                "worksURL": data.jobs.contains { $0.serviceID == service.id } ? url.link(FreelanceLinks.works) + "#" + service.id : nil,
            ])
        }
    }

    func terms() -> [[String: Any]] {
        data.terms.map { ["title": $0.title, "text": markdown.render($0.text).html] }
    }

    /// The portfolio grouped by service (in the order of services.yml), newest first in each.
    func workGroups() -> [[String: Any]] {
        data.services.compactMap { service in
            let jobs = data.jobs.filter { $0.serviceID == service.id }
            guard !jobs.isEmpty else { return nil }
            return ["id": service.id, "name": service.name, "count": jobs.count, "jobs": jobs.map(job)]
        }
    }

    func job(_ job: ServicesData.Job) -> [String: Any] {
        let period = job.end.map { "\(month(job.start))〜\(month($0))" } ?? month(job.start)
        return TemplateValues.compact([
            "title": job.title,
            "client": job.client ?? t("client_anonymous"),
            "period": language == .en ? period.replacingOccurrences(of: "〜", with: " – ") : period,
            "dateISO": dates.iso(job.end ?? job.start),
            "summary": markdown.render(job.summary).html,
            "link": job.link.flatMap { $0.hasPrefix("https://") || $0.hasPrefix("http://") ? $0 : nil },
            "testimonial": job.testimonial.map { TemplateValues.compact(["text": $0.text, "author": $0.author]) },
            "service": data.service(job.serviceID)?.name,
        ])
    }

    func month(_ date: Date) -> String {
        let c = dates.calendar.dateComponents([.year, .month], from: date)
        return dates.month(year: c.year!, month: c.month!)
    }

    /// `Service` with its `Offer` per service, provided by the site's author.
    func structuredData() -> [JSONValue] {
        data.services.map { service in
            let price = service.price
            return .compact([
                ("@context", .string("https://schema.org")),
                ("@type", .string("Service")),
                ("name", .string(service.name)),
                ("description", .string(service.summary)),
                ("serviceType", service.tags.first.map { .string($0) }),
                ("url", .string(url.absolute(FreelanceLinks.services) + "#" + service.id)),
                ("provider", StructuredData.person(config)),
                ("offers", .compact([
                    ("@type", .string("Offer")),
                    ("price", .string(Money.plain(price.amount))),
                    ("priceCurrency", .string(price.currency)),
                    ("availability", .string(data.availability.accepting ? "https://schema.org/InStock" : "https://schema.org/OutOfStock")),
                    ("priceSpecification", .compact([
                        ("@type", .string("UnitPriceSpecification")),
                        ("price", .string(Money.plain(price.amount))),
                        ("priceCurrency", .string(price.currency)),
                        ("unitText", Money.unitText(price.unit).map { .string($0) }),
                    ])),
                ])),
            ])
        }
    }
}

/// Where the freelancer pages live.
enum FreelanceLinks {
    static let services = "/services/"
    static let works = "/works/"
    static let contact = "/contact/"
    static let adsTxt = "/ads.txt"
}
