import BrowserTesting
import Foundation
import Publisher
import Testing

/// The figure script in a real browser, on a logit lens that SmolLM2-135M computed: a reader
/// who hovers or focuses a cell reads its top five under the figure; with JavaScript off the
/// cell's own tooltip carries the same text.
@Suite(.serialized) struct FigureScriptTests {
  /// Hovers the top-right cell (the output layer at the last position), reads the readout, then
  /// clears it with Escape, focuses the figure and steps left with the keyboard.
  static let interact = """
    (() => {
      const svg = document.querySelector('.lens-graphic > svg');
      const cells = [...svg.querySelectorAll('rect[data-top]')];
      const last = Math.max(...cells.map(c => Number(c.getAttribute('data-col'))));
      const column = cells.filter(c => Number(c.getAttribute('data-col')) === last);
      const cell = column.reduce((a, b) => Number(b.getAttribute('y')) < Number(a.getAttribute('y')) ? b : a);
      const readout = svg.parentElement.querySelector('.lens-readout');
      cell.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
      const hovered = {
        heading: readout.querySelector('p').textContent,
        items: [...readout.querySelectorAll('li')].map(li => li.textContent),
        ranks: readout.querySelectorAll('p')[1].textContent,
        badges: svg.querySelectorAll('.lens-badge').length,
        column: column.length,
        selected: cell.classList.contains('lens-selected')
      };
      const key = name => svg.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true }));
      key('Escape');
      const cleared = svg.querySelectorAll('.lens-selected, .lens-badge').length;
      svg.focus();
      const focused = svg.querySelector('.lens-selected');
      const firstColumn = focused.getAttribute('data-col');
      key('ArrowRight');
      const moved = svg.querySelector('.lens-selected');
      return JSON.stringify({ hovered, cleared, firstColumn,
        movedColumn: moved.getAttribute('data-col'),
        sameRow: moved.getAttribute('y') === focused.getAttribute('y'),
        readouts: document.querySelectorAll('.lens-readout').length });
    })()
    """

  struct Interaction: Decodable {
    struct Hovered: Decodable {
      var heading: String
      var items: [String]
      var ranks: String
      var badges: Int
      var column: Int
      var selected: Bool
    }
    var hovered: Hovered
    var cleared: Int
    var firstColumn: String
    var movedColumn: String
    var sameRow: Bool
    var readouts: Int
  }

  /// The logit lens's result, as the figure's data file has it.
  struct LensData: Decodable {
    struct Guess: Decodable {
      var text: String
      var probability: Double
    }
    struct Cell: Decodable {
      var top: [Guess]
      var finalRank: Int
    }
    var cells: [[Cell]]
  }

  static let prompt = "I go to the basketball court to"

  @Test func aCellReadsOutItsTopFiveByPointerAndKeyboardAndAsATooltipWithoutScript() throws {
    let site = try TestSite(files: [
      "posts/lens.md": TestSite.post(
        title: "Lens",
        "```lens\nanalysis: logit-lens\nmodel: smollm2-135m\nprompt: \(Self.prompt)\n```\n")
    ])
    defer { site.remove() }
    try site.builder.build(BuildOptions())
    let data = try JSONDecoder().decode(
      LensData.self, from: Data(try site.built("posts/lens/fig-1-logit-lens.json").utf8))
    let expected = try #require(data.cells.last?.last).top.prefix(5)
      .map { "\($0.text) \(String(format: "%.3f", $0.probability))" }
    #expect(expected.count == 5)
    let page = site.folder.appendingPathComponent("public/posts/lens/index.html").absoluteString

    let browser = try HeadlessChromium()
    let (load, value) = try browser.load(page, scheme: "light", evaluate: Self.interact)
    #expect(load.consoleErrors.isEmpty, "\(load.consoleErrors)")
    #expect(load.failures.isEmpty, "\(load.failures)")
    let seen = try JSONDecoder().decode(
      Interaction.self, from: Data(((value as? String) ?? "").utf8))
    #expect(seen.readouts == 1)
    #expect(seen.hovered.selected)
    #expect(seen.hovered.items == expected, "the readout shows the data file's top five")
    #expect(seen.hovered.heading.contains("\u{2423}to"), "\(seen.hovered.heading)")
    // The output cell's first guess is the final answer, so its rank is exact in every layer,
    // from the embedding up to #1 at the output.
    let answer = data.cells.last!.last!.top[0].text
    #expect(seen.hovered.ranks.hasPrefix("Rank of \"\(answer)\" by layer: emb #"), "\(seen.hovered.ranks)")
    #expect(seen.hovered.ranks.hasSuffix(" out #1"), "\(seen.hovered.ranks)")
    let layers = data.cells.count - 1
    let ranks = data.cells.enumerated().map { layer, row in
      (layer == 0 ? "emb" : layer == layers ? "\(layer) out" : "\(layer)") + " #\(row.last!.finalRank)"
    }
    #expect(seen.hovered.ranks == "Rank of \"\(answer)\" by layer: " + ranks.joined(separator: " · "))
    #expect(seen.hovered.column == data.cells.count)
    #expect(seen.hovered.badges == seen.hovered.column, "one rank badge per layer of the column")
    #expect(seen.cleared == 0)
    #expect(seen.firstColumn == "0")
    #expect(seen.movedColumn == "1" && seen.sameRow)

    // Without script: no readout, and the cell's tooltip holds the same five guesses.
    let tooltip = """
      (() => {
        const cells = [...document.querySelectorAll('.lens-graphic > svg rect[data-top]')];
        const last = Math.max(...cells.map(c => Number(c.getAttribute('data-col'))));
        const cell = cells.filter(c => Number(c.getAttribute('data-col')) === last)
          .reduce((a, b) => Number(b.getAttribute('y')) < Number(a.getAttribute('y')) ? b : a);
        return JSON.stringify({ readouts: document.querySelectorAll('.lens-readout').length,
          title: cell.querySelector('title').textContent });
      })()
      """
    let (plain, plainValue) = try browser.load(
      page, scheme: "dark", javaScript: false, evaluate: tooltip)
    #expect(plain.consoleErrors.isEmpty, "\(plain.consoleErrors)")
    let shown = try #require(
      try JSONSerialization.jsonObject(with: Data(((plainValue as? String) ?? "").utf8))
        as? [String: Any])
    #expect(shown["readouts"] as? Int == 0)
    let title = shown["title"] as? String ?? ""
    for guess in try #require(data.cells.last?.last).top.prefix(5) {
      #expect(title.contains(guess.text), "\(guess.text) in the tooltip \(title)")
    }
  }

  /// The attention overview of a short prompt carries every head's pattern: selecting a head
  /// draws it under the figure, weight for weight the pattern a `heads:` block computes.
  @Test func selectingAnAttentionHeadShowsItsPattern() throws {
    let site = try TestSite(files: [
      "posts/heads.md": TestSite.post(
        title: "Heads",
        """
        ```lens
        analysis: attention
        model: smollm2-135m
        prompt: \(Self.prompt)
        ```

        ```lens
        analysis: attention
        model: smollm2-135m
        prompt: \(Self.prompt)
        heads: [L3H2]
        ```
        """)
    ])
    defer { site.remove() }
    try site.builder.build(BuildOptions())
    struct Patterns: Decodable {
      struct Pattern: Decodable { var weights: [[Double]] }
      var patterns: [Pattern]
    }
    let data = try JSONDecoder().decode(
      Patterns.self, from: Data(try site.built("posts/heads/fig-2-attention.json").utf8))
    let weights = try #require(data.patterns.first).weights.enumerated().flatMap { query, row in
      row.prefix(query + 1).map { ($0 * 100).rounded() / 100 }
    }
    let probe = """
      (() => {
        const svg = document.querySelector('.lens-graphic > svg');
        const cell = [...svg.querySelectorAll('rect[data-pattern]')]
          .find(c => c.querySelector('title').textContent.startsWith('layer 3 · head 2:'));
        cell.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
        const readout = svg.parentElement.querySelector('.lens-readout');
        const rects = [...readout.querySelectorAll('svg.lens-pattern rect')];
        return JSON.stringify({ cells: svg.querySelectorAll('rect[data-pattern]').length,
          heading: readout.querySelector('p').textContent,
          weights: rects.map(r => Number(r.querySelector('title').textContent.split(': ').pop())),
          labels: [...readout.querySelectorAll('svg.lens-pattern text')].map(t => t.textContent) });
      })()
      """
    let page = site.folder.appendingPathComponent("public/posts/heads/index.html").absoluteString
    let (load, value) = try HeadlessChromium().load(page, scheme: "light", evaluate: probe)
    #expect(load.consoleErrors.isEmpty, "\(load.consoleErrors)")
    struct Seen: Decodable {
      var cells: Int
      var heading: String
      var weights: [Double]
      var labels: [String]
    }
    let seen = try JSONDecoder().decode(Seen.self, from: Data(((value as? String) ?? "").utf8))
    #expect(seen.cells == 30 * 9, "every head of SmolLM2's 30 layers x 9 heads has its pattern")
    #expect(seen.heading.hasPrefix("layer 3 · head 2:"))
    #expect(seen.weights.count == 7 * 8 / 2)
    #expect(seen.weights == weights, "the drawn pattern is the heads: block's pattern")
    #expect(seen.labels.first == "I" && seen.labels.count == 7)
  }

  /// A logit lens too large for a mark per cell (31 layers x 64 positions, merged by colour)
  /// still reads out the cell under the pointer, or moved to with the keys, from its root.
  @Test func aMergedLogitLensReadsOutTheCellUnderThePointer() throws {
    let long = SevenBShapedReportTests.prompt
    let site = try TestSite(files: [
      "posts/long.md": TestSite.post(
        title: "Long", "```lens\nanalysis: logit-lens\nmodel: smollm2-135m\nprompt: \"\(long)\"\n```\n")
    ])
    defer { site.remove() }
    try site.builder.build(BuildOptions())
    let data = try JSONDecoder().decode(
      LensData.self, from: Data(try site.built("posts/long/fig-1-logit-lens.json").utf8))
    #expect(data.cells.count == 31 && data.cells[0].count == 64)
    func guesses(_ cell: LensData.Cell) -> [String] {
      cell.top.prefix(3).map { "\($0.text) \(String(format: "%.3f", $0.probability))" }
    }
    let probe = """
      (() => {
        const svg = document.querySelector('.lens-graphic > svg');
        const grid = JSON.parse(svg.getAttribute('data-grid'));
        const readout = svg.parentElement.querySelector('.lens-readout');
        const items = () => [...readout.querySelectorAll('li')].map(li => li.textContent);
        // The centre of the cell in row 0 (the output layer), column 5, on the screen.
        const point = new DOMPoint(grid.x + 5.5 * grid.w, grid.y + 0.5 * grid.h)
          .matrixTransform(svg.getScreenCTM());
        svg.dispatchEvent(new PointerEvent('pointermove',
          { bubbles: true, clientX: point.x, clientY: point.y }));
        const pointed = { heading: readout.querySelector('p').textContent, items: items() };
        svg.focus();
        svg.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
        const moved = { heading: readout.querySelector('p').textContent, items: items() };
        return JSON.stringify({ pointed, moved, marks: svg.querySelectorAll('rect[data-top]').length,
          selected: svg.querySelectorAll('rect.lens-selected').length });
      })()
      """
    let page = site.folder.appendingPathComponent("public/posts/long/index.html").absoluteString
    let (load, value) = try HeadlessChromium().load(page, scheme: "light", evaluate: probe)
    #expect(load.consoleErrors.isEmpty, "\(load.consoleErrors)")
    struct Read: Decodable { var heading: String; var items: [String] }
    struct Seen: Decodable { var pointed: Read; var moved: Read; var marks: Int; var selected: Int }
    let seen = try JSONDecoder().decode(Seen.self, from: Data(((value as? String) ?? "").utf8))
    #expect(seen.marks == 0, "merged: no mark per cell")
    #expect(seen.selected == 1)
    #expect(seen.pointed.heading.hasPrefix("30 out · token 5 "), "\(seen.pointed.heading)")
    #expect(seen.pointed.items == guesses(data.cells[30][5]))
    // Focus keeps the pointed cell; the down arrow moves one layer down, to layer 29.
    #expect(seen.moved.heading.hasPrefix("29 · token 5 "), "\(seen.moved.heading)")
    #expect(seen.moved.items == guesses(data.cells[29][5]))
  }

  /// The committed example post at a phone's and a laptop's width, light and dark, with a cell
  /// of the logit lens selected. At 360 px the page itself never scrolls sideways: a figure
  /// wider than the screen scrolls inside its box. `LENSCRIBE_UPDATE_SCREENSHOTS=1` writes the
  /// four pictures to `docs/screenshots/` for the README (they depend on the fonts installed,
  /// so they are looked at, not compared).
  @Test func theExamplePostReadsOnAPhoneAndALaptopInLightAndDark() throws {
    let page = ExampleSiteTests.site
      .appendingPathComponent("public/posts/reading-its-mind/index.html").absoluteString
    let probe = """
      (() => {
        const figure = document.getElementById('fig-smol-lens');
        const svg = figure.querySelector('.lens-graphic > svg');
        const cells = [...svg.querySelectorAll('rect[data-top]')];
        const cell = cells.find(c => c.getAttribute('data-layer') === '28'
          && c.getAttribute('data-col') === '6');
        cell.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
        figure.scrollIntoView();
        window.scrollBy(0, -12);
        const graphic = svg.parentElement;
        const scrolls = graphic.scrollWidth > graphic.clientWidth;
        graphic.scrollLeft = graphic.scrollWidth;
        return JSON.stringify({ page: document.documentElement.scrollWidth, view: innerWidth,
          graphic: graphic.getBoundingClientRect().width, scrolls,
          readout: figure.querySelector('.lens-readout li') !== null });
      })()
      """
    struct Layout: Decodable {
      var page: Double
      var view: Double
      var graphic: Double
      var scrolls: Bool
      var readout: Bool
    }
    let update = ProcessInfo.processInfo.environment["LENSCRIBE_UPDATE_SCREENSHOTS"] == "1"
    let folder = ExampleSiteTests.site.deletingLastPathComponent()
      .appendingPathComponent("docs/screenshots")
    let browser = try HeadlessChromium()
    for (width, height) in [(360, 780), (1280, 900)] {
      for scheme in ["light", "dark"] {
        let (load, value) = try browser.load(
          page, scheme: scheme, width: width, height: height, screenshot: true, evaluate: probe)
        #expect(load.consoleErrors.isEmpty, "\(load.consoleErrors)")
        let layout = try JSONDecoder().decode(
          Layout.self, from: Data(((value as? String) ?? "").utf8))
        #expect(layout.readout, "\(width) \(scheme): the selected cell is read out")
        #expect(layout.page <= layout.view, "\(width) \(scheme): the page scrolls sideways")
        #expect(layout.graphic <= layout.view)
        if width == 360 { #expect(layout.scrolls, "the logit lens scrolls inside its box") }
        let picture = try #require(load.screenshot)
        #expect(picture.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        if update {
          try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
          try picture.write(to: folder.appendingPathComponent("reading-its-mind-\(width)-\(scheme).png"))
        }
      }
    }
    // A Gemma 3 head selected in the attention overview of the sinks post: its pattern.
    let heads = ExampleSiteTests.site
      .appendingPathComponent("public/posts/attention-sinks/index.html").absoluteString
    let select = """
      (() => {
        const svg = document.getElementById('fig-gemma-heads').querySelector('.lens-graphic > svg');
        const cell = [...svg.querySelectorAll('rect[data-pattern]')]
          .find(c => c.querySelector('title').textContent.startsWith('layer 5 · head 0:'));
        cell.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
        svg.scrollIntoView();
        return svg.parentElement.querySelectorAll('.lens-readout svg.lens-pattern rect').length;
      })()
      """
    let (load, value) = try browser.load(
      heads, scheme: "dark", width: 1280, height: 1000, screenshot: true, evaluate: select)
    #expect(load.consoleErrors.isEmpty, "\(load.consoleErrors)")
    #expect((value as? Int ?? 0) > 100, "the selected head's pattern is drawn")
    if update, let picture = load.screenshot {
      try picture.write(to: folder.appendingPathComponent("attention-head-1280-dark.png"))
    }
  }
}
