import Analysis
import Foundation

/// The Markdown source of a one-shot report: front matter, a summary that points at the figures,
/// and one section per analysis with an introduction and a caption. No number in it is typed:
/// every number on the page comes from a lens block.
struct ReportPost {
  /// The prompt, exactly as given.
  let prompt: String
  /// The model as the front matter names it (registry name or absolute path).
  let model: String
  /// The model as the prose names it (registry name or file name).
  let modelLabel: String
  /// The publication date.
  let date: PostDate
  /// The analyses with their sections, in the order they appear.
  let sections: [(analysis: AnalysisKind, section: ReportSection)]
  /// The sections the report cannot have, with the reason.
  var leftOut: [(section: ReportSection, reason: LeftOut)] = []
  /// The corrupted prompt the sections that compare two prompts read (`report --corrupted`).
  var corrupted: String?
  /// Whether a tuned lens is fitted for the model: the logit-lens section then shows it beside
  /// the logit lens, and otherwise says how to fit one.
  var hasTunedLens = false

  /// Why a section is not in the report.
  enum LeftOut: Equatable {
    /// The prompt has fewer tokens than the analysis needs.
    case promptTooShort(needs: Int)
    /// The analysis compares the prompt with a corrupted one, and none was given.
    case noCorruptedPrompt
    /// The analysis would run the model over this many token positions: too long for a
    /// report on this model.
    case tooMuchWork(positions: Int)
  }

  /// The analyses in order.
  var analyses: [AnalysisKind] { sections.map(\.analysis) }

  /// The file name without `.md`: the prompt's words, then the model (`the-sky-is-smollm2-135m`).
  var slug: String { Self.slug(prompt: prompt, modelLabel: modelLabel) }

  /// The slug of a report on `prompt` with the model named `modelLabel`.
  static func slug(prompt: String, modelLabel: String) -> String {
    var words = slugWords(prompt)
    if words.isEmpty { words = "prompt-" + Hashing.sha256(Data(prompt.utf8)).prefix(8) }
    return words + "-" + slugWords(modelLabel, limit: 40)
  }

  /// The lens block of `analysis`, as the post writes it (without its fences).
  /// `prompts` is written as it stands in the block (a YAML list); the others as values.
  static func block(
    _ analysis: AnalysisKind, section: ReportSection, prompt: String, corrupted: String? = nil
  ) -> [String: String] {
    var keys = ["analysis": analysis.rawValue, "label": analysis.rawValue]
    if section.comparesCorrupted, let corrupted {
      keys["prompts"] = "[" + yamlString(prompt) + ", " + yamlString(corrupted) + "]"
    } else if section.readsPrompt {
      keys["prompt"] = prompt
    }
    keys["caption"] = section.caption
    return keys
  }

  /// The whole post.
  var text: String {
    let short = Self.shortened(prompt, to: 60)
    var lines = [
      "---",
      "title: " + Self.yamlString("\(modelLabel) on “\(short)”"),
      "date: \(date)",
      "summary: "
        + Self.yamlString(
          "What \(modelLabel) does with “\(short)”, layer by layer: every lenscribe analysis "
            + "of one prompt."),
      "model: " + Self.yamlString(model),
      "---",
      "",
      "## Summary",
      "",
      "This report runs the prompt “\(Escaping.markdown(prompt))” through \(modelLabel) once "
        + "and reads what happens inside, with every analysis lenscribe has. Each figure "
        + "states its own finding under it; the numbers come from the run, not from this text.",
      "",
    ]
    lines += sections.map { "- " + $0.section.summary + " ([@fig:\($0.analysis.rawValue)])" }
    lines += leftOutText
    let compared = sections.filter { $0.section.comparesCorrupted }.map {
      "“\($0.section.heading)”"
    }
    if let corrupted, !compared.isEmpty {
      lines += [
        "",
        compared.joined(separator: ", ") + (compared.count == 1 ? " compares" : " compare")
          + " the prompt with a corrupted one, “\(Escaping.markdown(corrupted))”: the same number "
          + "of tokens, another answer.",
      ]
    }
    for (analysis, section) in sections {
      var intro = section.intro
      var keys = Self.block(analysis, section: section, prompt: prompt, corrupted: corrupted)
      if analysis == .logitLens {
        if hasTunedLens {
          keys["lens"] = "both"
          intro +=
            " Below it, the tuned lens reads the same layers through a translator per layer, "
            + "fitted for this model by `lenscribe lens fit`, which carries each layer's state "
            + "to where the last layer would put it: the middle layers become legible."
        } else {
          intro +=
            " The middle layers read poorly through it; `lenscribe lens fit --model "
            + Self.codeSpanText(model) + "` fits a tuned lens (minutes on a laptop), and the "
            + "report run again shows it beside this one."
        }
      }
      lines += ["", "## " + section.heading, "", intro, "", "```lens"]
      for key in ["analysis", "prompt", "prompts", "label", "lens", "caption"] {
        guard let value = keys[key] else { continue }
        lines.append(
          "\(key): "
            + (["analysis", "label", "lens", "prompts"].contains(key) ? value : yaml(value)))
      }
      lines.append("```")
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func yaml(_ text: String) -> String { Self.yamlString(text) }

  /// The summary's paragraphs on the sections left out, one per reason.
  private var leftOutText: [String] {
    var lines: [String] = []
    let short = leftOut.compactMap { entry -> String? in
      guard case .promptTooShort(let needs) = entry.reason else { return nil }
      return "“\(entry.section.heading)” (\(needs) tokens)"
    }
    if !short.isEmpty {
      lines += [
        "",
        "Left out, because the prompt is too short for them: " + short.joined(separator: ", ")
          + ". Each reads how a later token attends to or differs from an earlier one; run "
          + "a longer prompt to see them.",
      ]
    }
    let uncompared = leftOut.filter { $0.reason == .noCorruptedPrompt }.map {
      "“\($0.section.heading)”"
    }
    if !uncompared.isEmpty {
      lines += [
        "",
        "Left out, because they compare the prompt with a corrupted one: "
          + uncompared.joined(separator: ", ") + ". Run `lenscribe report` again with "
          + "`--corrupted` and the prompt with one word changed (the same number of tokens, "
          + "another answer) to see them.",
      ]
    }
    let heavy = leftOut.compactMap { entry -> String? in
      guard case .tooMuchWork(let positions) = entry.reason else { return nil }
      return "“\(entry.section.heading)” (\(positions) token positions)"
    }
    if !heavy.isEmpty {
      lines += [
        "",
        "Left out, because they run the model many times over and would take long on "
          + "\(modelLabel): " + heavy.joined(separator: ", ") + ". Each runs as a lens "
          + "block of its own in a post.",
      ]
    }
    return lines
  }

  /// `text` inside a Markdown code span, where backslash escapes do not apply: controls made
  /// visible, line breaks as spaces, backticks (which would end the span) as quotes.
  static func codeSpanText(_ text: String) -> String {
    String(
      Escaping.visibleControls(text).map { $0 == "`" ? "'" : $0.isNewline ? " " : $0 })
  }

  /// `text` as a YAML double-quoted scalar: quotes, backslashes and control characters escaped.
  static func yamlString(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      case "\r": result += "\\r"
      default:
        let value = scalar.value
        if value < 0x20 || value == 0x7F || (0x80..<0xA0).contains(value) || value == 0x2028
          || value == 0x2029 || value == 0xFEFF
        {
          result += String(format: "\\u%04X", value)
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }

  /// Lowercase ASCII letters and digits of `text`, other runs as one `-`, cut at a word boundary
  /// before `limit` characters.
  static func slugWords(_ text: String, limit: Int = 48) -> String {
    var words: [String] = []
    var current = ""
    for scalar in text.lowercased().unicodeScalars {
      if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
        current.unicodeScalars.append(scalar)
      } else if !current.isEmpty {
        words.append(current)
        current = ""
      }
    }
    if !current.isEmpty { words.append(current) }
    var result = ""
    for word in words {
      let next = result.isEmpty ? word : result + "-" + word
      if next.count > limit { break }
      result = next
    }
    return result.isEmpty ? String(words.first?.prefix(limit) ?? "") : result
  }

  /// `text` on one line, cut to `limit` characters with `…`.
  static func shortened(_ text: String, to limit: Int) -> String {
    let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
    return flat.count > limit ? flat.prefix(limit - 1) + "…" : flat
  }
}
