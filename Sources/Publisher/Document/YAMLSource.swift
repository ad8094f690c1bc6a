import Yams

/// Reading YAML with line numbers: parse errors and values keep the line they came from, offset
/// to the line of the surrounding file.
struct YAMLSource {
  /// The file the YAML sits in, relative to the site folder.
  let file: String
  /// The file's line just before the YAML's first line (0 when the YAML starts the file).
  let lineOffset: Int

  /// One key of a mapping, with its value and the file line of the key.
  struct Entry {
    let key: String
    let value: Node
    let line: Int
  }

  /// Parses `text` as one YAML mapping; an empty document is an empty mapping.
  func mapping(_ text: String, what: String) throws(SourceError) -> [Entry] {
    try ControlCharacters.check(text, file: file, lineOffset: lineOffset)
    if let line = YAMLAliases.firstLine(in: text) {
      throw SourceError(
        file: file, line: lineOffset + line,
        message: "\(what) uses a YAML alias (*name); write the value out instead (an alias "
          + "can expand a few lines into billions of values)")
    }
    let node: Node?
    do {
      node = try Yams.compose(yaml: text)
    } catch {
      throw self.error(describing: error, what: what)
    }
    guard let node else { return [] }
    guard let mapping = node.mapping else {
      throw SourceError(
        file: file, line: line(of: node),
        message: "\(what) must be a YAML mapping of `key: value` lines")
    }
    var entries: [Entry] = []
    for (key, value) in mapping {
      guard let name = key.scalar?.string else {
        throw SourceError(
          file: file, line: line(of: key), message: "\(what) has a key that is not a plain word")
      }
      if let scalar = ControlCharacters.first(in: name) {
        throw SourceError(
          file: file, line: line(of: key),
          message: "\(what) has a key with a control character \(ControlCharacters.name(scalar))"
            + "; " + ControlCharacters.advice)
      }
      try rejectControlCharacters(in: value, key: name)
      entries.append(Entry(key: name, value: value, line: line(of: key)))
    }
    return entries
  }

  /// Refuses a control character in any scalar of `node`, the value of `key`: YAML writes
  /// them as easily as any other character, as double-quoted escapes (`"a\0b"`, `"\e[31m"`).
  private func rejectControlCharacters(in node: Node, key: String) throws(SourceError) {
    switch node {
    case .scalar(let scalar):
      guard let found = ControlCharacters.first(in: scalar.string) else { return }
      throw SourceError(
        file: file, line: line(of: node),
        message: "'\(key)' has a control character \(ControlCharacters.name(found)) (a YAML "
          + "escape such as \\0 or \\e in double quotes writes one); " + ControlCharacters.advice)
    case .sequence(let items):
      for item in items { try rejectControlCharacters(in: item, key: key) }
    case .mapping(let pairs):
      for (name, value) in pairs {
        try rejectControlCharacters(in: name, key: key)
        try rejectControlCharacters(in: value, key: key)
      }
    case .alias:
      return
    }
  }

  /// The file line of `node`.
  func line(of node: Node) -> Int {
    lineOffset + (node.mark?.line ?? 1)
  }

  /// Rejects keys outside `known`, naming the known ones.
  func rejectUnknown(_ entries: [Entry], known: [String], what: String) throws(SourceError) {
    for entry in entries where !known.contains(entry.key) {
      throw SourceError(
        file: file, line: entry.line,
        message: "unknown key '\(entry.key)' in \(what) (known: \(known.joined(separator: ", ")))")
    }
  }

  /// The string value of a scalar entry, whatever YAML would have resolved it to.
  func string(_ entry: Entry) throws(SourceError) -> String {
    guard let scalar = entry.value.scalar else {
      throw SourceError(
        file: file, line: entry.line,
        message: "'\(entry.key)' must be a single value, not a list or mapping")
    }
    return scalar.string
  }

  /// The boolean value of an entry (`true` or `false`).
  func bool(_ entry: Entry) throws(SourceError) -> Bool {
    guard let value = entry.value.bool else {
      throw SourceError(
        file: file, line: entry.line, message: "'\(entry.key)' must be true or false")
    }
    return value
  }

  private func error(describing error: Error, what: String) -> SourceError {
    guard let yaml = error as? YamlError else {
      return SourceError(
        file: file, line: lineOffset + 1, message: "\(what) is not valid YAML: \(error)")
    }
    switch yaml {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return SourceError(
        file: file, line: lineOffset + mark.line, message: "\(what) is not valid YAML: \(problem)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      return SourceError(
        file: file, line: lineOffset + max(context.mark.line, 1),
        message: "\(what) repeats the key '\(duplicates.joined(separator: "', '"))'; keep one")
    default:
      return SourceError(
        file: file, line: lineOffset + 1, message: "\(what) is not valid YAML: \(yaml)")
    }
  }
}
