import Foundation

/// Post cards kept between builds in `.sitegen-cache/…/cards.pack`: each card's HTML
/// (`partials/post-card`) and the hash of its values, under the hash of everything the
/// card is made from (`TemplateValues.cardInputs`). A build after one post was edited
/// makes that post's card, not 10,000; the other cards' values are made only for the
/// pages it renders again.
final class CardCache: Sendable {
    struct Card: Sendable {
        /// Read from the pack only when a page made again shows the card.
        var html: LazyText
        /// The hash of the card's values, without its HTML (what page keys hold).
        var hash: UInt64
    }

    private let pack: RecordPack<Card>

    /// `file` nil: no cache. `readsStored` false (a clean build): every card is made.
    init(file: URL?, readsStored: Bool = true, warm: WarmCaches? = nil, repairs: CacheRepairs? = nil, io: FileIO = .disk) {
        // Spilled: a clean build of 50,000 posts makes 60 MB of them.
        pack = RecordPack(file: file, header: "sitegen-cards 1", readsStored: readsStored, encodesAtOnce: true, spills: true, warm: warm, repairs: repairs, io: io,
                          encode: { card in
                              var out = CacheWriter()
                              out.words([card.hash])
                              out.string(card.html.value)
                              return out.finish()
                          },
                          decode: { record in
                              var input = CacheReader(record.head)
                              guard let hash = input.words(1), let html = input.stringRange(), input.isAtEnd else { return nil }
                              return Card(html: LazyText(record, html), hash: hash[0])
                          })
    }

    /// The card made from inputs `key` by the last build; nil when it must be made (and `add`ed).
    func kept(_ key: UInt64) -> Card? { pack.kept(key) }

    func add(_ key: UInt64, _ card: Card) { pack.add(key, card) }

    /// How many cards this build made (the others were read back).
    var madeCount: Int { pack.madeCount }
    /// How many cards came from the pack file (not from memory, not made now).
    var recordsRead: Int { pack.readCount }

    func save() { pack.save() }
}
