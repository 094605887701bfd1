import Foundation

/// A value a template reads, typed once per page instead of being cast at every name
/// lookup. The build makes its contexts as `[String: Any]`; `TemplateValue(_:)` turns
/// them into this, and values made once (the site-wide values, the UI strings, the
/// cards) are kept converted so each page converts only its own values.
enum TemplateValue: @unchecked Sendable { // its payloads are values or classes that lock (`LazyText`, `SharedTemplateValue`)
    /// Strings, numbers and anything else shown as text (`String(describing:)`, as swift-mustache shows it).
    case text(String)
    /// Text shown as it is kept (a post's body in the cache's scratch file), its bytes copied
    /// into the page when rendered: no `String` made of 10,000 bodies' HTML, each checked again.
    case html(LazyText)
    case flag(Bool)
    case list([TemplateValue])
    case object(TemplateObject)
    /// A value converted and hashed once and shown on many pages (a post's card): pages
    /// that show it hash only its hash.
    case shared(SharedTemplateValue)

    /// The value itself, seen through `shared`.
    var resolved: TemplateValue {
        if case .shared(let box) = self { return box.value }
        return self
    }

    init(_ value: Any) {
        self = TemplateValue.from(value) ?? .text("")
    }

    /// The value, or nil for an empty `Optional` (no value at all).
    static func from(_ value: Any) -> TemplateValue? {
        // The common types first, told apart by comparing the value's type: a failed `as?`
        // cast costs more than the conversion itself, and each value went through several.
        let type = type(of: value)
        if type == String.self { return .text(value as! String) }
        if type == TemplateValue.self { return (value as! TemplateValue) }
        if type == [String: Any].self { return object(value as! [String: Any]) }
        if type == Bool.self { return .flag(value as! Bool) }
        switch value {
        case let converted as TemplateValue: return converted
        case let text as String: return .text(text)
        case let flag as Bool: return .flag(flag)
        case let number as Int: return .text(String(number))
        case let dictionary as [String: Any]: return object(dictionary)
        case let list as [Any]: return .list(list.compactMap(from))
        case let optional as AnyOptionalValue: return optional.wrappedValue.flatMap(from)
        default: return .text(String(describing: value))
        }
    }

    private static func object(_ dictionary: [String: Any]) -> TemplateValue {
        var pairs: [(String, TemplateValue)] = []
        pairs.reserveCapacity(dictionary.count)
        for (key, item) in dictionary {
            if let item = from(item) { pairs.append((key, item)) }
        }
        return .object(TemplateObject(pairs))
    }

    /// An object of the pairs that have a value, as `TemplateValues.compact` makes
    /// dictionaries: no nil, no empty text, no empty list, and `hasX` for a list `x`.
    static func compact(_ pairs: [(String, TemplateValue?)]) -> TemplateValue {
        var kept: [(TemplateKey, TemplateValue)] = []
        kept.reserveCapacity(pairs.count + 1)
        for (key, value) in pairs {
            guard let value else { continue }
            switch value {
            case .text(""): continue
            case .html(let text) where text.isEmpty: continue
            case .list(let items):
                if items.isEmpty { continue }
                kept.append((TemplateKey("has" + key.prefix(1).uppercased() + key.dropFirst()), .flag(true)))
            default: break
            }
            kept.append((TemplateKey(key), value))
        }
        return .object(TemplateObject(keyed: kept))
    }

    /// A copy that shares no storage with this one (see `PerThread`); shared values stay shared.
    var copy: TemplateValue {
        switch self {
        case .text(let text): return .text(text.unshared)
        case .html: return self
        case .flag: return self
        case .list(let items): return .list(items.map(\.copy))
        case .object(let object): return .object(object.copy)
        case .shared: return self
        }
    }

    subscript(key: String) -> TemplateValue? { self[TemplateKey(key)] }

    subscript(key: TemplateKey) -> TemplateValue? {
        switch self {
        case .object(let object): return object[key]
        case .shared(let box): return box.value[key]
        default: return nil
        }
    }

    /// An object with `extra` keys added (those of `extra` win); nil when this is not an object.
    func adding(_ extra: [String: TemplateValue]) -> TemplateValue? { adding(TemplateObject(Array(extra))) }

    func adding(_ extra: TemplateObject) -> TemplateValue? {
        guard case .object(let object) = resolved else { return nil }
        return .object(object.merging(extra))
    }

    /// Hashes the value into a page's key: kinds tagged, keys in the object's order (which
    /// follows from the keys alone); `skipping` leaves out top-level keys whose values the
    /// caller hashed once for every page.
    func combine(into hasher: inout StableHasher, skipping: Set<String>) {
        guard case .object(let object) = self else { return combine(into: &hasher) }
        hasher.combine(5)
        for (key, value) in zip(object.keys, object.values) where !skipping.contains(key.text) {
            hasher.combine(key.text)
            value.combine(into: &hasher)
        }
    }

    /// Hashes the value into a page's key: kinds tagged, keys in order.
    func combine(into hasher: inout StableHasher) {
        switch self {
        case .html(let text):
            hasher.combine(1) // as `.text` of the same text
            text.withUTF8 { hasher.combine(UnsafeRawBufferPointer($0)) }
        case .text(let text):
            hasher.combine(1)
            hasher.combine(text)
        case .flag(let flag):
            hasher.combine(flag ? 3 : 4)
        case .list(let items):
            hasher.combine(7)
            hasher.combine(items.count)
            for item in items { item.combine(into: &hasher) }
        case .object(let object):
            hasher.combine(5)
            hasher.combine(object.count)
            for (key, value) in zip(object.keys, object.values) {
                hasher.combine(key.text)
                value.combine(into: &hasher)
            }
        case .shared(let box):
            hasher.combine(9)
            hasher.combine(box.hash)
        }
    }
}

/// A template value with its hash, made once (see `TemplateValue.shared`), or made when
/// first read: a card kept from the last build is shown only on the pages rendered again.
final class SharedTemplateValue: @unchecked Sendable { // `made` only under `lock`; `hash` and `make` never change
    let hash: UInt64
    private var made: TemplateValue?
    private let make: (() -> TemplateValue)?
    private let lock = NSLock()

    init(_ value: TemplateValue) {
        made = value
        make = nil
        var hasher = StableHasher()
        value.combine(into: &hasher)
        hash = hasher.value
    }

    /// A value with a hash given by the caller, who must be sure it changes whenever the value does.
    init(_ value: TemplateValue, hash: UInt64) {
        made = value
        make = nil
        self.hash = hash
    }

    /// The same, the value made by `make` when first read (from any thread, once).
    init(hash: UInt64, make: @escaping () -> TemplateValue) {
        self.hash = hash
        self.make = make
    }

    var value: TemplateValue {
        if make == nil { return made! } // made at once, never changed: no lock needed
        return lock.withLock {
            if let made { return made }
            let value = make!()
            made = value
            return value
        }
    }
}

/// Lets `TemplateValue.from` see through an `Optional` stored in an `Any`.
private protocol AnyOptionalValue {
    var wrappedValue: Any? { get }
}

extension Optional: AnyOptionalValue {
    fileprivate var wrappedValue: Any? { self.map { $0 as Any } }
}
