/// The commission request form. It asks for what vague briefs leave out — the
/// usual cause of shifting requirements and missed deadlines. One list of fields
/// feeds the form, the no-JavaScript fallback and the e-mail the script composes.
struct CommissionForm {
    enum Kind: String { case select, textarea, text, email, date, url, checkbox }

    struct Field {
        var name: String
        var kind: Kind
    }

    /// Which of them must be filled in is the site's choice (`ContactConfig.required`).
    static let fields: [Field] = [
        Field(name: "service", kind: .select),
        Field(name: "request", kind: .textarea),
        Field(name: "scope", kind: .text),
        Field(name: "budget", kind: .text),
        Field(name: "deadline", kind: .date),
        Field(name: "references", kind: .textarea),
        Field(name: "name", kind: .text),
        Field(name: "email", kind: .email),
        Field(name: "terms", kind: .checkbox),
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
                "required": contact.required.contains(field.name) ? true : nil,
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
            // The consent comes after the terms, just before the button: not in the loop of questions.
            "fields": Array(fieldValues.dropLast()),
            "consent": fieldValues.last,
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
