/// The human-readable form of `lenscribe inspect`. Every string from the file (name, keys,
/// values, tensor names) is shown through `TerminalText.escaped`: the text is for a terminal.
extension GGUFSummary {
  /// A report of a few screens: header, hyper-parameters, tokenizer, other metadata, tensors.
  public var text: String {
    var lines: [String] = []
    lines.append("GGUF v\(version), \(fileSize) bytes, \(tensorCount) tensors, \(parameterCount) parameters")
    lines.append(
      "architecture: \(Self.shown(architecture ?? "(none)"))"
        + (name.map { ", name: \(Self.shown($0))" } ?? ""))
    lines.append("")
    lines.append("hyper-parameters")
    for entry in hyperParameters {
      lines.append("  \(Self.shown(entry.key)) = \(Self.show(entry))")
    }
    lines.append("")
    lines.append("tokenizer")
    lines.append(
      "  model: \(Self.shown(tokenizer.model ?? "-")), pre: \(Self.shown(tokenizer.pre ?? "-"))")
    lines.append(
      "  vocabulary: \(tokenizer.vocabularySize.map(String.init) ?? "-") tokens, "
        + "merges: \(tokenizer.mergeCount.map(String.init) ?? "-")")
    lines.append(
      "  BOS: \(tokenizer.bosTokenID.map(String.init) ?? "-") "
        + "(added: \(tokenizer.addBOS.map { $0 ? "yes" : "no" } ?? "-")), "
        + "EOS: \(tokenizer.eosTokenID.map(String.init) ?? "-")")
    lines.append("")
    lines.append("other metadata")
    let hyperKeys = Set(hyperParameters.map(\.key))
    for entry in metadata where !hyperKeys.contains(entry.key) {
      lines.append("  \(Self.shown(entry.key)) = \(Self.show(entry))")
    }
    lines.append("")
    let names = tensors.map { Self.shown($0.name) }
    let nameWidth = max(4, names.map(\.count).max() ?? 0)
    let shapes = tensors.map { "[" + $0.shape.map(String.init).joined(separator: ", ") + "]" }
    let shapeWidth = max(5, shapes.map(\.count).max() ?? 0)
    lines.append(Self.pad("name", nameWidth) + "  " + Self.pad("shape", shapeWidth) + "  type      bytes")
    for (tensor, (name, shape)) in zip(tensors, zip(names, shapes)) {
      lines.append(
        Self.pad(name, nameWidth) + "  " + Self.pad(shape, shapeWidth) + "  "
          + Self.pad(tensor.type, 8) + "  " + String(tensor.bytes))
    }
    lines.append("")
    lines.append("bytes by type")
    for (type, bytes) in bytesByType.sorted(by: { $0.key < $1.key }) {
      lines.append("  " + Self.pad(type, 8) + "  " + String(bytes))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// `text` from the file as the report shows it.
  private static func shown(_ text: String) -> String { TerminalText.escaped(text) }

  private static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }

  private static func show(_ entry: Entry) -> String {
    switch entry.value {
    case .string(let value):
      let oneLine = shown(value)
      return oneLine.count > 80 ? "\"" + oneLine.prefix(77) + "...\"" : "\"" + oneLine + "\""
    case .array:
      return "[\(entry.elementType ?? "?") x \(entry.count ?? 0)]"
    case .float32(let value):
      return "\(value)"
    case .float64(let value):
      return "\(value)"
    case .bool(let value):
      return value ? "true" : "false"
    default:
      return entry.value.intValue.map(String.init) ?? "?"
    }
  }
}
