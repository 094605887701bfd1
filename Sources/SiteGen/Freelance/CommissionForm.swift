/// The commission request form. It asks for what vague briefs leave out — the
/// usual cause of shifting requirements and missed deadlines. One list of fields
/// feeds the form, the no-JavaScript fallback and the e-mail the script composes.
struct CommissionForm {
    enum Kind: String { case select, textarea, text, email, date, url, checkbox }

    struct Field {
        var name: String
        var kind: Kind
        var required: Bool
    }

    static let fields: [Field] = [
        Field(name: "service", kind: .select, required: true),
        Field(name: "request", kind: .textarea, required: true),
        Field(name: "scope", kind: .text, required: true),
        Field(name: "budget", kind: .text, required: true),
        Field(name: "deadline", kind: .date, required: true),
        Field(name: "references", kind: .textarea, required: false),
        Field(name: "name", kind: .text, required: true),
        Field(name: "email", kind: .email, required: true),
        Field(name: "terms", kind: .checkbox, required: true),
    ]

    let contact: ContactConfig
    let services: [ServicesData.Service]
    let t: (String) -> String

    func label(_ field: Field) -> String { t("form_" + field.name) }

    func values(siteURL: SiteURL) -> [String: Any] {
        let fieldValues: [[String: Any]] = Self.fields.map { field in
            TemplateValues.compact([
                "name": field.name,
                "id": "form-" + field.name,
                "label": label(field),
                "help": t("form_\(field.name)_help").hasPrefix("form_") ? nil : t("form_\(field.name)_help"),
                "required": field.required ? true : nil,
                "type": field.kind.rawValue,
                "isSelect": field.kind == .select ? true : nil,
                "isTextarea": field.kind == .textarea ? true : nil,
                "isCheckbox": field.kind == .checkbox ? true : nil,
                "isInput": [.text, .email, .date, .url].contains(field.kind) ? true : nil,
                "autocomplete": field.name == "name" ? "name" : field.name == "email" ? "email" : nil,
                "options": field.kind == .select ? services.map { ["value": $0.id, "label": $0.name] } + [["value": "other", "label": t("form_service_other")]] : nil,
            ])
        }
        let isEndpoint = contact.delivery == .endpoint
        return TemplateValues.compact([
            "fields": fieldValues,
            "mailto": isEndpoint ? nil : true,
            "email": contact.email,
            "emailLink": contact.email.map { "mailto:" + Mailto.encode($0, keepAt: true) },
            "subject": contact.subject,
            "action": isEndpoint ? contact.endpoint.map { $0.hasPrefix("/") ? siteURL.link($0) : $0 } : nil,
            "honeypot": isEndpoint ? contact.service.honeypot : nil,
            "formspree": isEndpoint && contact.service == .formspree ? true : nil,
            "netlify": isEndpoint && contact.service == .netlify ? true : nil,
            "fallbackMailto": contact.email.map { fallbackMailto(to: $0) },
            "fallbackFields": Self.fields.filter { $0.kind != .checkbox }.map(label),
            "intro": contact.intro,
            "routes": contact.routes.map { ["label": $0.label, "url": $0.url] },
        ])
    }

    /// A prefilled e-mail with every question as a heading, for browsers without JavaScript.
    func fallbackMailto(to address: String) -> String {
        let body = Self.fields.filter { $0.kind != .checkbox }.map { label($0) + ":\n\n" }.joined(separator: "\n")
        return Mailto.url(to: address, subject: contact.subject, body: body)
    }
}
