import Engine
import Figures
import Foundation
import Registry
import Testing

/// Every token of both real vocabularies goes through the heatmap label path (cell text,
/// tooltip, column label) and the result must parse as XML.
@Suite("XML safety over real vocabularies", .serialized)
struct VocabularyXMLSafetyTests {
  @Test("every token renders to valid XML", arguments: [RegistryModel.smollm2, .gemma3])
  func vocabulary(model: RegistryModel) throws {
    let store = ModelStore.standard()
    guard store.isFetched(model) else {
      Issue.record(
        "model \(model.name) is not in the cache: run `make test` or `lenscribe models fetch \(model.name)`"
      )
      return
    }
    let tokenizer = try Tokenizer(file: GGUFFile(path: store.location(of: model).path))
    let size = tokenizer.vocabularySize
    let chunk = 1024
    var rendered = 0
    var failures: [String] = []
    for start in stride(from: 0, to: size, by: chunk) {
      let ids = Array(start..<min(start + chunk, size))
      let row = ids.map { id in
        TokenHeatmap.Cell(
          value: 0.5,
          top: [
            .init(text: tokenizer.piece(id), probability: 1),
            .init(text: tokenizer.displayPiece(id), probability: 0),
          ])
      }
      let figure = TokenHeatmap(
        meta: FigureMeta(
          slug: "vocab-\(start)", title: "ids \(start)...", description: "all tokens"),
        tokens: ids.map { tokenizer.displayPiece($0) }, layers: ["out"], cells: [row],
        measure: "p", mapping: ColourMapping(scale: .viridis, lower: 0, upper: 1),
        mergeThreshold: chunk)
      let check = XMLCheck.parse(figure.svg())
      if let error = check.error {
        failures.append("ids \(start)..<\(start + ids.count): \(error)")
      }
      #expect(check.elements["title"] == 1 + ids.count)
      rendered += ids.count
    }
    #expect(failures.isEmpty, "\(failures.prefix(5))")
    #expect(rendered == size)
    #expect(size == (model == .smollm2 ? 49152 : 262144))
  }
}
