/// A name a template looks up, with its hash worked out once: a template's names when the
/// theme is compiled, an object's keys when the object is made.
struct TemplateKey: Sendable {
    let text: String
    let hash: UInt64

    init(_ text: String) {
        self.init(text: text, hash: StableHasher.hash(text))
    }

    private init(text: String, hash: UInt64) {
        self.text = text
        self.hash = hash
    }

    /// The same key in storage no other thread shares (see `PerThread`).
    var unshared: TemplateKey { TemplateKey(text: text.unshared, hash: hash) }

    /// The order of an object's keys: by hash, then by text (two keys with one hash).
    static func precedes(_ a: TemplateKey, _ b: TemplateKey) -> Bool {
        a.hash != b.hash ? a.hash < b.hash : a.text < b.text
    }
}

/// A template object's keys and values, side by side in the order of the keys' hashes.
///
/// Why not `[String: TemplateValue]`: rendering a page looks up hundreds of names, most
/// of them through several objects of the context stack (a card, the list, the page),
/// and `Dictionary` hashed the name again in each object it tried (SipHash, seeded per
/// dictionary). Here a name's hash is known before rendering starts, and a lookup is a
/// binary search over integers, the text compared only when the hash matches.
struct TemplateObject: @unchecked Sendable, ExpressibleByDictionaryLiteral { // a value type of keys and `TemplateValue`s, themselves safe to share
    private(set) var keys: [TemplateKey]
    private(set) var values: [TemplateValue]

    init() {
        keys = []
        values = []
    }

    init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(elements)
    }

    /// From pairs in any order; of two pairs with one key, the later wins.
    init(_ pairs: [(String, TemplateValue)]) {
        self.init(keyed: pairs.map { (TemplateKey($0.0), $0.1) })
    }

    /// The same from keys made already. The pairs' positions are put in key order (equal keys in
    /// the order given) by an insertion sort: stable and, for the dozen keys of most objects, less
    /// work than a sort with a closure. (Sorting the pairs themselves swapped them through the
    /// array, each swap checking that it was not shared: most of making an object.)
    init(keyed given: [(TemplateKey, TemplateValue)]) {
        keys = []
        values = []
        keys.reserveCapacity(given.count)
        values.reserveCapacity(given.count)
        withUnsafeTemporaryAllocation(of: Int.self, capacity: given.count) { order in
            for i in order.indices { order[i] = i }
            func precedes(_ a: Int, _ b: Int) -> Bool { TemplateKey.precedes(given[a].0, given[b].0) }
            if given.count <= 32 {
                for i in order.indices.dropFirst() {
                    let moving = order[i]
                    var j = i
                    while j > 0, precedes(moving, order[j - 1]) {
                        order[j] = order[j - 1]
                        j -= 1
                    }
                    order[j] = moving
                }
            } else {
                var sorting = order
                sorting.sort { precedes($0, $1) || !precedes($1, $0) && $0 < $1 }
            }
            for position in order {
                let (key, value) = given[position]
                if let last = keys.last, last.hash == key.hash, last.text == key.text {
                    values[values.count - 1] = value // the later pair wins
                } else {
                    keys.append(key)
                    values.append(value)
                }
            }
        }
    }

    private init(keys: [TemplateKey], values: [TemplateValue]) {
        self.keys = keys
        self.values = values
    }

    var count: Int { keys.count }

    subscript(key: TemplateKey) -> TemplateValue? {
        var low = 0, high = keys.count
        while low < high {
            let middle = (low + high) >> 1
            if keys[middle].hash < key.hash { low = middle + 1 } else { high = middle }
        }
        while low < keys.count, keys[low].hash == key.hash {
            if keys[low].text == key.text { return values[low] }
            low += 1
        }
        return nil
    }

    subscript(text: String) -> TemplateValue? { self[TemplateKey(text)] }

    /// The pairs of both; where both have a key, `other`'s value. Both are in key order
    /// already: merged in one pass, no key hashed again.
    func merging(_ other: TemplateObject) -> TemplateObject {
        var merged = TemplateObject()
        merged.keys.reserveCapacity(count + other.count)
        merged.values.reserveCapacity(count + other.count)
        var (i, j) = (0, 0)
        while i < count || j < other.count {
            if j == other.count || i < count && TemplateKey.precedes(keys[i], other.keys[j]) {
                merged.keys.append(keys[i])
                merged.values.append(values[i])
                i += 1
            } else {
                // Equal keys: `other`'s value, once.
                if i < count, !TemplateKey.precedes(other.keys[j], keys[i]) { i += 1 }
                merged.keys.append(other.keys[j])
                merged.values.append(other.values[j])
                j += 1
            }
        }
        return merged
    }

    var pairs: [(String, TemplateValue)] { zip(keys, values).map { ($0.text, $1) } }

    func mapValues(_ transform: (TemplateValue) -> TemplateValue) -> TemplateObject {
        TemplateObject(keys: keys, values: values.map(transform))
    }

    /// A copy that shares no storage with this one (see `PerThread`).
    var copy: TemplateObject { TemplateObject(keys: keys.map(\.unshared), values: values.map(\.copy)) }
}
