import CYaml

/// Finds the first alias (`*name`) of a YAML text with libyaml's event parser, which reads every
/// token once and expands nothing.
///
/// Yams composes aliases into shared nodes and then hashes mapping keys in full: a 1 KB text
/// whose keys are nested aliases takes exponential time before lenscribe sees a single value.
/// Lens blocks, front matter and the site config have no use for aliases, so they are counted
/// looked for first and refused (`YAMLSource.mapping`).
enum YAMLAliases {
  /// The line (from 1) of the first alias in `text`; nil when it has none or when libyaml
  /// cannot parse it (the composer then reports why).
  static func firstLine(in text: String) -> Int? {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else { return nil }
    defer { yaml_parser_delete(&parser) }
    var bytes = Array(text.utf8)
    return bytes.withUnsafeMutableBufferPointer { buffer -> Int? in
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      while true {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
        defer { yaml_event_delete(&event) }
        if event.type == YAML_ALIAS_EVENT { return Int(event.start_mark.line) + 1 }
        if event.type == YAML_STREAM_END_EVENT { return nil }
      }
    }
  }
}
