import Foundation
import Testing
@testable import SiteGen

/// A broken services.yml fails the build naming the file, the entry and the field.
@Suite struct ServicesValidationTests {
    func errors(_ services: String, extraConfig: String = FreelanceFixture.contactMailto) throws -> [SiteError] {
        try FreelanceFixture.site(extraConfig: extraConfig, services: services).buildErrors()
    }

    @Test func unknownServiceIDInAJob() throws {
        let broken = FreelanceFixture.services.replacingOccurrences(of: "service: translation", with: "service: transaltion")
        let error = try #require(try errors(broken).first)
        #expect(error.file == "Content/services.yml")
        #expect(error.message.contains("jobs[2] (翻訳の仕事)"))
        #expect(error.message.contains("`service`"))
        #expect(error.message.contains("transaltion"))
        #expect(error.hint?.contains("article, translation") == true)
        #expect(error.line == 32)
    }

    /// A service with an error of its own is named in that error only: the jobs that refer to it
    /// get no second, false error that its id is unknown.
    @Test func noFollowOnErrorsFromAServiceThatFailed() throws {
        let broken = FreelanceFixture.services.replacingOccurrences(of: "    name: 英日翻訳\n", with: "")
        let found = try errors(broken)
        #expect(found.count == 1 && found[0].message.contains("`name` is missing"), "\(found.map(\.message))")
    }

    /// Misspelled keys are warned of, in `build` and `check`, with a suggestion.
    @Test func unknownKeysGetDidYouMean() async throws {
        let typos = FreelanceFixture.services.replacingOccurrences(of: "availability:", with: "availabilty:")
            .replacingOccurrences(of: "    turnaround:", with: "    turnarround:")
        let site = try FreelanceFixture.site(services: typos)
        let report = try site.build()
        let top = try #require(report.warnings.first { $0.message.contains("`availabilty`") })
        #expect(top.file == "Content/services.yml" && top.hint == "did you mean `availability`?" && top.severity == .warning)
        #expect(report.warnings.contains { $0.message.contains("`turnarround`") && $0.hint == "did you mean `turnaround`?" })
        let check = await SiteChecker.check(BuildOptions(source: site.root, output: site.output))
        #expect(check.warnings.contains { $0.message.contains("`turnarround`") })
    }

    @Test func missingRequiredField() throws {
        let broken = FreelanceFixture.services.replacingOccurrences(of: "    name: 英日翻訳\n", with: "")
        let error = try #require(try errors(broken).first)
        #expect(error.message.contains("services[1] (id: translation)"))
        #expect(error.message.contains("`name` is missing"))
        #expect(error.line != nil)
    }

    @Test func wrongTypes() throws {
        let badAmount = FreelanceFixture.services.replacingOccurrences(of: "amount: 30000", with: "amount: 三万円")
        let amountError = try #require(try errors(badAmount).first)
        #expect(amountError.message.contains("services[1] (id: translation) price: `amount` must be a number"))

        let badRevisions = FreelanceFixture.services.replacingOccurrences(of: "revisions: 2", with: "revisions: [2]")
        #expect(try errors(badRevisions).contains { $0.message.contains("`revisions` must be a whole number") })

        let badUnit = FreelanceFixture.services.replacingOccurrences(of: "unit: per_article", with: "unit: per_song")
        let unitError = try #require(try errors(badUnit).first)
        #expect(unitError.message.contains("`unit`") && unitError.hint?.contains("per_character") == true)

        let badList = "services:\n  id: article\n  name: x\n"
        let listError = try #require(try errors(badList).first)
        #expect(listError.message.contains("`services`") && listError.message.contains("list of entries"))
        #expect(listError.line == 2)
    }

    @Test func allErrorsTogetherAndNothingWritten() throws {
        var broken = FreelanceFixture.services.replacingOccurrences(of: "service: translation", with: "service: nope")
        broken = broken.replacingOccurrences(of: "    summary: 自然な日本語に\n", with: "")
        let site = try FreelanceFixture.site(services: broken)
        let found = site.buildErrors()
        #expect(found.count == 2)
        #expect(!FileManager.default.fileExists(atPath: site.output.path))
    }

    @Test func badAdsAndContactSettings() throws {
        let adsense = try errors(FreelanceFixture.services, extraConfig: FreelanceFixture.contactMailto + "\nads:\n  provider: adsense\n  slots:\n    post_top: {}\n")
        #expect(adsense.first?.message.contains("publisher id") == true)
        let position = try errors(FreelanceFixture.services, extraConfig: "\nads:\n  slots:\n    sidebarr: {}\n")
        #expect(position.first?.message.contains("`sidebarr`") == true)
        #expect(position.first?.hint?.contains("post_top") == true)
        let endpoint = try errors(FreelanceFixture.services, extraConfig: "\ncontact:\n  delivery: endpoint\n")
        #expect(endpoint.first?.message.contains("contact.endpoint") == true)
    }
}
