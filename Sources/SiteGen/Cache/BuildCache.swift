import Foundation

/// `.sitegen-cache/<output folder name>/`, beside the output folder: the manifest of
/// the last build and the rendered Markdown bodies. Deleting it only costs time;
/// `sitegen build --clean` reads nothing from it and writes it anew. Every file in it is
/// checked when read (`CacheFile`, and a checksum on each pack record): what does not
/// verify is made again, and `repairs` lists it.
struct BuildCache: Sendable {
    let folder: URL
    /// The disk, or what stands for it in a test; every cache of the build reads and writes through it.
    let io: FileIO
    /// The files this build found damaged.
    let repairs = CacheRepairs()

    init(output: URL, io: FileIO = .disk) {
        self.io = io
        let output = output.standardizedFileURL
        folder = output.deletingLastPathComponent()
            .appendingPathComponent(".sitegen-cache", isDirectory: true)
            .appendingPathComponent(output.lastPathComponent, isDirectory: true)
    }

    /// Makes `.sitegen-cache/` and the folder in it as real folders: a link found in the
    /// place of either (or a file) is removed and a folder made, so no cache file is ever
    /// written through a link to somewhere else.
    func makeFolder() throws {
        let cacheRoot = folder.deletingLastPathComponent()
        try? io.makeFolders(cacheRoot.deletingLastPathComponent().path)
        for path in [cacheRoot.path, folder.path] {
            if let found = io.status(path, false) {
                if found.kind == .folder { continue }
                _ = io.remove(path)
            }
            guard io.makeFolder(path) || errno == EEXIST else {
                throw SiteError(file: path, Message("cache.folder_failed", ["problem": String(cString: strerror(errno))]))
            }
        }
    }

    var manifestFile: URL { folder.appendingPathComponent("manifest.tsv") }

    func loadManifest() -> OutputManifest? {
        guard let data = CacheFile.read(manifestFile.path, repairs: repairs, io: io), let text = String(validUTF8: data) else { return nil }
        return OutputManifest.parse(text)
    }

    /// Gone before the output changes: a commit cut short leaves no manifest, so the
    /// next build is a clean one rather than one that trusts a half-written folder.
    func removeManifest() {
        _ = io.remove(manifestFile.path)
        _ = io.remove(lastBuildFile.path)
        _ = io.remove(foldersFile.path)
    }

    /// The output's folders and their modification times after the last build (see
    /// `OutputFolder.folderStamps`), so a build with nothing to do need not read every folder.
    var foldersFile: URL { folder.appendingPathComponent("folders") }
    var relatedPostsFile: URL { folder.appendingPathComponent("related") }

    func saveFolderStamps(_ stamps: [String: Int]) {
        CacheFile.write(FolderStampsFile.bytes(stamps), to: foldersFile.path, io: io)
    }

    func loadFolderStamps() -> [String: Int]? {
        CacheFile.read(foldersFile.path, repairs: repairs, io: io).flatMap(FolderStampsFile.parse)
    }

    func save(_ manifest: OutputManifest) {
        try? io.makeFolders(folder.path)
        CacheFile.write(manifest.serializedBytes(), to: manifestFile.path, io: io)
    }

    var lastBuildFile: URL { folder.appendingPathComponent("inputs") }

    func loadLastBuild() -> LastBuild? {
        guard let data = CacheFile.read(lastBuildFile.path, repairs: repairs, io: io), let text = String(validUTF8: data) else { return nil }
        return LastBuild(text)
    }

    func save(_ lastBuild: LastBuild) {
        CacheFile.write(Array(lastBuild.serialized.utf8), to: lastBuildFile.path, io: io)
    }

    /// What the last build left in the output folder, as its manifest and folder stamps say.
    struct LastOutput {
        var manifest: OutputManifest
        var folders: [String: Int]
        /// The output folder checked against them before this build (nil: not checked, or no folder).
        var check: OutputCheck? = nil
    }

    /// The identities of the manifest and folder stamps files (nil: one is missing).
    var lastOutputFiles: [UInt64]? {
        guard let manifest = io.identity(manifestFile.path), let folders = io.identity(foldersFile.path) else { return nil }
        return [manifest, folders]
    }

    /// The last build's manifest and folder stamps: from `warm` when this process wrote
    /// them and the files are still those it wrote (15,000 lines not parsed again), else read.
    func loadLastOutput(warm: WarmCaches?) -> LastOutput? {
        guard let files = lastOutputFiles else { return nil }
        if let kept = warm?.lastOutput(files: files) { return kept }
        guard let manifest = loadManifest(), let stamps = loadFolderStamps() else { return nil }
        return LastOutput(manifest: manifest, folders: stamps)
    }

    /// Saves the manifest and the folder stamps `folders` takes (written while it stats the
    /// output's folders), and hands them to `warm`.
    func save(_ manifest: OutputManifest, folders: () -> [String: Int], warm: WarmCaches?) {
        let (stamps, _) = Parallel.pair(folders, { self.save(manifest) })
        saveFolderStamps(stamps)
        if let warm, let files = lastOutputFiles { warm.keep(LastOutput(manifest: manifest, folders: stamps), files: files) }
    }

    /// This build's input fingerprint; the last build when nothing has changed since
    /// (same inputs, no held-back post due, the output folder exactly as it was left);
    /// and the last build's manifest and folder stamps with the check of the output folder
    /// against them, handed on to the build (nil: a clean build, or none recorded).
    /// The fingerprint is taken before the build reads anything: a file saved while it
    /// runs makes the next build see a change.
    func lastBuildIfCurrent(_ options: BuildOptions, warm: WarmCaches? = nil) -> (inputs: InputFingerprint, current: LastBuild?, output: LastOutput?) {
        // The fingerprint and the check of the output folder are independent. The check is
        // the larger (a stat for every output file and folder): it runs on this thread, so its
        // own parts spread over the cores, and the fingerprint's thread joins them when it is
        // done. The check is needed either way: a build that is not up to date trusts it for
        // every file it keeps.
        let shared = SharedReadOnly(value: (options, self))
        let (output, (inputs, last)) = Parallel.pair({ () -> LastOutput? in
            // No stamps (a build cut short after its manifest was saved): not known to be current.
            guard !options.clean, var output = loadLastOutput(warm: warm) else { return nil }
            output.check = OutputFolder.check(options.output, output.manifest, stamps: output.folders, io: io)
            return output
        }, { () -> (InputFingerprint, LastBuild?) in
            let (options, cache) = shared.value
            let inputs = InputFingerprint(options, io: cache.io)
            return (inputs, options.clean ? nil : cache.loadLastBuild())
        })
        guard let last, last.isCurrent(for: inputs, now: options.content.now), output?.check?.isExact == true else {
            return (inputs, nil, output)
        }
        return (inputs, last, output)
    }

    var markdownPack: URL { folder.appendingPathComponent("markdown.pack") }
    var searchPack: URL { folder.appendingPathComponent("search.pack") }
    var cardsPack: URL { folder.appendingPathComponent("cards.pack") }
    var documentsPack: URL { folder.appendingPathComponent("documents.pack") }
}
