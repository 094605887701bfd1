import ArgumentParser
import Foundation
import SiteGen

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Create a post or a page with its front matter filled in.",
        subcommands: [NewPost.self, NewPage.self]
    )
}

struct NewPost: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post",
        abstract: "Create Content/posts/YYYY-MM-DD-slug.md as a draft, dated now.",
        discussion: """
        A Japanese title with no --slug gets a slug from the date and time \
        (20261129-153000), never an empty or transliterated one. An existing file is \
        never overwritten.
        """
    )

    @Argument(help: "The post's title.")
    var title: String

    @Option(help: "The URL slug (letters, digits, hyphens).")
    var slug: String?

    @Option(help: ArgumentHelp("Tags, separated by commas.", valueName: "a,b"))
    var tags: String?

    @Option(help: ArgumentHelp("The site folder.", valueName: "dir"))
    var source = "."

    func run() throws {
        let tagList = (tags ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let say = Messages.forSite(at: URL(fileURLWithPath: source))
        do {
            let url = try NewContent.post(root: URL(fileURLWithPath: source), title: title, slug: slug, tags: tagList)
            print(say(Message("new.created", ["file": url.path])))
            print(say(Message("new.draft_note")))
        } catch let error as SiteError {
            Report.print([error], say: say)
            throw ExitCode(1)
        }
    }
}

struct NewPage: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "page", abstract: "Create Content/pages/NAME.md.")

    @Argument(help: "The page's name, e.g. about.")
    var name: String

    @Option(help: ArgumentHelp("The site folder.", valueName: "dir"))
    var source = "."

    func run() throws {
        let say = Messages.forSite(at: URL(fileURLWithPath: source))
        do {
            let url = try NewContent.page(root: URL(fileURLWithPath: source), name: name)
            print(say(Message("new.created", ["file": url.path])))
        } catch let error as SiteError {
            Report.print([error], say: say)
            throw ExitCode(1)
        }
    }
}

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a new site (settings, a first post, an about page, services.yml, the default theme).",
        discussion: "Refuses a folder that is not empty, unless --force (which adds files and never overwrites)."
    )

    @Argument(help: "The folder for the new site (created if needed).")
    var folder = "."

    @Flag(help: "Write into a folder that is not empty (existing files are kept).")
    var force = false

    func run() throws {
        do {
            let written = try SiteSkeleton.write(to: URL(fileURLWithPath: folder), force: force)
            // Said in the new site's language (its site.yml is written by now).
            let say = Messages.forSite(at: URL(fileURLWithPath: folder))
            print(say(Message("init.done", ["files": written.count, "folder": folder])))
        } catch let error as SiteError {
            Report.print([error], say: Messages.forSite(at: URL(fileURLWithPath: folder)))
            throw ExitCode(1)
        }
    }
}
