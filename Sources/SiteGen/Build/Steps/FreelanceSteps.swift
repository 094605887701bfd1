/// Steps that write what makes the site a freelancer's: services, portfolio,
/// the commission request page, and ads.txt.
extension BuildStep {
    static let freelance = BuildStep(name: "services, works and contact") { context in
        let site = context.site
        let config = site.config
        let home: (name: String, path: String) = (context.t("home"), SiteLinks.home)
        let showsAds = config.ads?.onFreelancePages ?? false
        let data = site.services ?? ServicesData(availability: .init(accepting: true), services: [], jobs: [], terms: [])
        let freelance = FreelanceValues(data: data, config: config, dates: context.dates, markdown: context.markdown, t: context.t)
        let shared = TemplateValues.compact([
            "availability": site.services == nil ? nil : freelance.availability(),
            "terms": freelance.terms(),
        ])

        if site.services != nil {
            var meta = PageMeta(path: FreelanceLinks.services, title: context.t("services"),
                                description: config.description, breadcrumbs: [home, (context.t("services"), FreelanceLinks.services)],
                                structuredData: freelance.structuredData())
            meta.showsAds = showsAds
            meta.source = ServicesData.file
            try context.writePage(meta, layout: "services", values: shared.merging(TemplateValues.compact([
                "services": freelance.services(),
                "contactURL": config.contact == nil ? nil : freelance.contactURL(),
            ])) { $1 })

            if !data.jobs.isEmpty {
                var works = PageMeta(path: FreelanceLinks.works, title: context.t("works"),
                                     description: config.description, breadcrumbs: [home, (context.t("works"), FreelanceLinks.works)])
                works.showsAds = showsAds
                works.source = ServicesData.file
                try context.writePage(works, layout: "works", values: TemplateValues.compact([
                    "groups": freelance.workGroups(),
                    "contactURL": config.contact == nil ? nil : freelance.contactURL(),
                ]))
            }
        }

        if let contact = config.contact {
            let form = CommissionForm(contact: contact, services: data.services, t: context.t)
            var meta = PageMeta(path: FreelanceLinks.contact, title: context.t("contact"),
                                description: context.t("contact_description"),
                                breadcrumbs: [home, (context.t("contact"), FreelanceLinks.contact)])
            meta.showsAds = showsAds
            try context.writePage(meta, layout: "contact", values: shared.merging(["form": form.values(siteURL: context.url)]) { $1 })
        }

        if let lines = config.ads?.adsTxt, !lines.isEmpty {
            try context.output.write(String(FreelanceLinks.adsTxt.dropFirst()),
                                     lines.map(Escape.stripControls).joined(separator: "\n") + "\n", isPage: false)
        }
    }
}
