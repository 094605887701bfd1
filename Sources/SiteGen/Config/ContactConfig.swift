/// `contact:` in site.yml: how commission requests reach the freelancer.
public struct ContactConfig: Sendable {
    public enum Delivery: String, Sendable {
        /// A script composes a `mailto:` URL from the form (RFC 6068).
        case mailto
        /// The form POSTs to a form service.
        case endpoint
    }

    /// Form services name their fields and honeypots differently.
    public enum FormService: String, Sendable, CaseIterable {
        case formspree, getform, netlify, generic

        /// The hidden field bots fill in and people do not.
        var honeypot: String {
            switch self {
            case .formspree, .getform: return "_gotcha"
            case .netlify: return "bot-field"
            case .generic: return "website"
            }
        }
    }

    public var email: String?
    public var delivery: Delivery
    public var endpoint: String?
    public var service: FormService
    public var subject: String
    public var intro: String?
    /// The form's fields a client must fill in (`contact.required`): by default only what
    /// every first-time client can answer — the request, a name, an e-mail and the consent.
    public var required: Set<String> = ContactConfig.defaultRequired
    public static let defaultRequired: Set<String> = ["request", "name", "email", "terms"]
    /// Other ways to reach the freelancer (X DM, email…).
    public var routes: [SiteConfig.Link]

    static func load(_ yaml: YAMLMap, author: SiteConfig.Author, language: Language) throws -> ContactConfig? {
        let map = try yaml.map("contact")
        let authorEmail = author.links.first { $0.url.hasPrefix("mailto:") }.map { String($0.url.dropFirst("mailto:".count)) }
        let email = try map?.string("email") ?? authorEmail
        let deliveryText = try map?.string("delivery") ?? "mailto"
        guard let delivery = Delivery(rawValue: deliveryText) else {
            throw map!.error("delivery", Message("contact.unknown_delivery", ["delivery": deliveryText]))
        }
        let endpoint = try map?.url("endpoint")
        if delivery == .endpoint {
            guard let endpoint, endpoint.hasPrefix("https://") || endpoint.hasPrefix("/") else {
                throw SiteError(file: yaml.file, line: map?.line(of: "endpoint") ?? map?.line(of: "delivery"),
                                Message("contact.no_endpoint"))
            }
        } else if email == nil {
            return nil // no address and no endpoint: there is nowhere to send a request
        }
        let serviceText = try map?.string("service") ?? Self.guessService(endpoint)
        guard let service = FormService(rawValue: serviceText) else {
            throw map!.error("service", Message("contact.unknown_service", ["service": serviceText, "services": FormService.allCases.map(\.rawValue).joined(separator: ", ")]))
        }
        var routes: [SiteConfig.Link] = []
        for route in try map?.maps("routes") ?? [] {
            guard let label = try route.string("label"), let url = try route.url("url") else {
                throw SiteError(file: yaml.file, line: route.firstLine, Message("contact.route_incomplete"))
            }
            routes.append(.init(label: label, url: url))
        }
        if routes.isEmpty { routes = author.links }
        var config = ContactConfig(
            email: email, delivery: delivery, endpoint: endpoint, service: service,
            subject: try map?.string("subject") ?? (language == .ja ? "お仕事のご依頼" : "Commission request"),
            intro: try map?.string("intro"), routes: routes
        )
        if let map, map.has("required") {
            let names = try map.strings("required")
            let known = CommissionForm.fields.map(\.name)
            if let unknown = names.first(where: { !known.contains($0) }) {
                throw map.error("required", Message("contact.unknown_field", ["field": unknown, "fields": known.joined(separator: ", ")]))
            }
            config.required = Set(names)
        }
        return config
    }

    static func guessService(_ endpoint: String?) -> String {
        guard let endpoint else { return "generic" }
        if endpoint.contains("formspree.io") { return "formspree" }
        if endpoint.contains("getform") { return "getform" }
        return endpoint.hasPrefix("/") ? "netlify" : "generic"
    }
}
