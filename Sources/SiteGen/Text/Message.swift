import Foundation

/// One thing sitegen says — an error, a warning, a line on the terminal — as a key of the
/// string files `Resources/Messages/messages.{en,ja}.yml` and the values of its `{placeholders}`.
/// The words live in those files, so every message reads in the site's language.
public struct Message: Sendable, Equatable, CustomStringConvertible {
    public let key: String
    public let values: [String: Value]

    /// A placeholder's value: text as it is (a file name, a key, a URL), a count (which picks
    /// the English plural), or another message (a phrase said in the same language).
    public enum Value: Sendable, Equatable {
        case text(String)
        case count(Int)
        case message(Message)
    }

    public init(_ key: String, _ values: [String: any MessageArgument] = [:]) {
        self.key = key
        self.values = values.mapValues(\.messageValue)
    }

    /// The English text, for logs and tests; people read `Messages.callAsFunction`.
    public var description: String { Messages.english(self) }
}

/// What can fill a placeholder: text, numbers and other messages.
public protocol MessageArgument: Sendable {
    var messageValue: Message.Value { get }
}

extension String: MessageArgument { public var messageValue: Message.Value { .text(self) } }
extension Substring: MessageArgument { public var messageValue: Message.Value { .text(String(self)) } }
extension Int: MessageArgument { public var messageValue: Message.Value { .count(self) } }
extension Message: MessageArgument { public var messageValue: Message.Value { .message(self) } }

/// The string file of one language, and the rule that fills a message's placeholders:
/// `{name}` is the value; `{name|post|posts}` is a count with its English noun (`1 post`,
/// `3 posts`). A key missing from a language falls back to English, and a key missing
/// from English shows as the key itself: a message is never lost to a gap in a file.
public struct Messages: Sendable {
    public let language: Language
    private let table: [String: String]

    public init(_ language: Language) {
        self.language = language
        self.table = language == .en ? Self.englishTable : Self.japaneseTable
    }

    public static let english = Messages(.en)

    static let englishTable = load(PackageResources.messages_en_yml, name: "en")
    static let japaneseTable = load(PackageResources.messages_ja_yml, name: "ja")

    /// The keys of a language's file, for the test that keeps the two files in step.
    static func table(_ language: Language) -> [String: String] { language == .en ? englishTable : japaneseTable }

    private static func load(_ bytes: [UInt8], name: String) -> [String: String] {
        // The files are part of the program and tested (MessagesTests); were one broken, its
        // messages would fall back to English, then to their keys, rather than stop sitegen.
        (try? YAMLMap.parse(String(decoding: bytes, as: UTF8.self), file: "messages.\(name).yml").stringTable()) ?? [:]
    }

    public func callAsFunction(_ message: Message) -> String {
        guard let template = table[message.key] ?? Self.englishTable[message.key] else { return message.key }
        return fill(template, message.values)
    }

    /// The hint that goes with a message (the key `key.hint`), if its file has one.
    func hint(for message: Message) -> Message? {
        let key = message.key + ".hint"
        guard table[key] != nil || Self.englishTable[key] != nil else { return nil }
        return Message(key, values: message.values)
    }

    private func fill(_ template: String, _ values: [String: Message.Value]) -> String {
        var result = ""
        var rest = template[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let parts = rest[rest.index(after: open)..<close].split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            switch values[parts[0]] {
            case .text(let text)?: result += text
            case .message(let inner)?: result += self(inner)
            case .count(let n)?:
                result += parts.count == 3 ? "\(n) \(n == 1 ? parts[1] : parts[2])" : "\(n)"
            case nil: result += rest[open...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}

extension Message {
    init(_ key: String, values: [String: Value]) {
        self.key = key
        self.values = values
    }
}
