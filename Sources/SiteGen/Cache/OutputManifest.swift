import CLinux
import Foundation

/// What one build wrote: for every output file, the key of the inputs it was made
/// from and the hash and size of its bytes. The next build compares against it to
/// render only what is stale, write only what changed and delete what is gone.
struct OutputManifest: Sendable {
    struct Entry: Sendable, Equatable {
        /// Hash of everything the file was made from (0: not known; always rebuilt).
        var key: UInt64
        /// Hash of the file's bytes.
        var hash: UInt64
        var size: Int
    }

    /// Changes whenever the manifest format or sitegen's output could change.
    static var header: String { "sitegen-manifest 1 \(SitegenVersion.build)" }

    var entries: [String: Entry] = [:]

    func serialized() -> String { String(decoding: serializedBytes(), as: UTF8.self) }

    /// Written as bytes, in the dictionary's order: 27,000 lines at 10,000 posts, after
    /// every build, and only read back into a dictionary (sorting them was most of the cost;
    /// then a `String` for each number).
    func serializedBytes() -> [UInt8] {
        var out: [UInt8] = Array((Self.header + "\n").utf8)
        out.reserveCapacity(entries.count * 80)
        for (path, entry) in entries {
            out.appendDigits(of: entry.key, radix: 16)
            out.append(9)
            out.appendDigits(of: entry.hash, radix: 16)
            out.append(9)
            out.appendDigits(of: UInt64(max(entry.size, 0)), radix: 10)
            out.append(9)
            out += path.utf8
            out.append(10)
        }
        return out
    }

    /// Nil when the text is not a manifest of this version (the build is then clean).
    static func parse(_ text: String) -> OutputManifest? {
        return text.withUTF8Bytes { bytes -> OutputManifest? in
            // One pass over the bytes, no array per line: the manifest of a 10,000-post site
            // has 25,000 lines, read before every build.
            let header = Array(header.utf8)
            guard bytes.starts(with: header), bytes.count == header.count || bytes[header.count] == 10 else { return nil }
            var manifest = OutputManifest()
            manifest.entries.reserveCapacity(bytes.count / 64)
            var i = header.count
            while i < bytes.count {
                let end = bytes[i...].firstIndex(of: 10) ?? bytes.count
                defer { i = end + 1 }
                var line = bytes[i..<end]
                if line.isEmpty { continue }
                /// The number up to the line's next tab, which is passed.
                func field(radix: UInt64) -> UInt64? {
                    guard let tab = line.firstIndex(of: 9), let value = number(line[..<tab], radix: radix) else { return nil }
                    line = line[(tab + 1)...]
                    return value
                }
                guard let key = field(radix: 16), let hash = field(radix: 16), let size = field(radix: 10) else { return nil }
                manifest.entries[String(decoding: UnsafeBufferPointer(rebasing: line), as: UTF8.self)] = Entry(key: key, hash: hash, size: Int(clamping: size))
            }
            return manifest
        }
    }

    /// Digits in base 16 (lowercase) or 10, as the cache's text files write them; nil for any
    /// other byte or more digits than 64 bits hold.
    static func number(_ digits: Slice<UnsafeBufferPointer<UInt8>>, radix: UInt64) -> UInt64? {
        guard !digits.isEmpty, digits.count <= (radix == 16 ? 16 : 19) else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            let digit: UInt64
            switch byte {
            case 48...57: digit = UInt64(byte - 48)
            case 97...102 where radix == 16: digit = UInt64(byte - 87)
            default: return nil
            }
            value = value &* radix &+ digit
        }
        return value
    }
}

/// sitegen's version, part of every cache key: a new sitegen may write different bytes.
public enum SitegenVersion {
    public static let current = "0.5.0"
    /// The git revision of a packaged binary (scripts/package); nil for a development build.
    public static let revision: String? = {
        let text = String(cString: sitegen_revision())
        return text.isEmpty ? nil : text
    }()
    /// `0.5.0 (rev 1a2b3c4d5e6f)`, or `0.5.0 (development build)`: what `sitegen --version` says.
    public static var described: String { "\(current) (\(revision.map { "rev " + $0 } ?? "development build"))" }

    /// The version and the identity of the running binary (its size and modification
    /// time): a rebuilt sitegen, even of the same version, never trusts caches an older
    /// build of it wrote.
    static let build: String = {
        guard let stamp = FileStamp(Bundle.main.executablePath ?? CommandLine.arguments[0]) else { return current }
        return "\(current)+\(stamp.size).\(stamp.modified)"
    }()
}
