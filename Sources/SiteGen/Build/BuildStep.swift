/// One plain step of a build. `Builder.steps` lists them in order, so the whole
/// build can be read in one place.
struct BuildStep: Sendable {
    let name: String
    let run: @Sendable (BuildContext) throws -> Void
}
