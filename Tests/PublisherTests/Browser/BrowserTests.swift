import BrowserTesting
import Analysis
import Engine
import Foundation
import Publisher
import Testing

/// The built site in a real browser: headless Chromium loads the index and a post with figures
/// from the preview server, in light and dark mode.
@Suite(.serialized) struct BrowserTests {
  /// What the page reports about itself once loaded.
  static let probe = """
    (() => {
      const graphics = [...document.querySelectorAll('.lens-figure .lens-graphic > svg')];
      return JSON.stringify({
        background: getComputedStyle(document.documentElement).backgroundColor,
        figures: graphics.length,
        visible: graphics.filter(g => g.getBoundingClientRect().width > 50
          && g.getBoundingClientRect().height > 20).length,
        title: document.title
      });
    })()
    """

  struct Probe: Decodable {
    var background: String
    var figures: Int
    var visible: Int
    var title: String
  }

  @Test func indexAndPostLoadCleanlyInLightAndDarkMode() async throws {
    let site = try TestSite(files: [
      "posts/shape.md": TestSite.post(
        title: "Shape",
        """
        The model's shape, as [@fig:bars] shows. Read [the other post](other.md).

        ```lens
        analysis: capacity
        label: bars
        caption: Layers, width and vocabulary.
        ```
        """),
      "posts/other.md": TestSite.post(title: "Other", date: "2024-04-01", "Words.\n"),
    ])
    defer { site.remove() }
    let options = BuildOptions(renderers: LensRenderers([ModelFactsRenderer()]))
    let server = PreviewServer(builder: site.builder, options: options, log: { _ in })
    let port = try await server.start(port: 0)
    let running = Task { await server.run() }
    defer { server.stop() }
    let browser = try HeadlessChromium()
    let origin = "http://127.0.0.1:\(port)"

    for (page, figures) in [("/blog/", 0), ("/blog/posts/shape/", 1)] {
      for (scheme, background) in [("light", "rgb(255, 255, 255)"), ("dark", "rgb(22, 24, 27)")] {
        let (load, value) = try browser.load(origin + page, scheme: scheme, evaluate: Self.probe)
        let probe = try JSONDecoder().decode(
          Probe.self, from: Data(((value as? String) ?? "").utf8))
        #expect(load.consoleErrors.isEmpty, "\(page) \(scheme): \(load.consoleErrors)")
        #expect(load.failures.isEmpty, "\(page) \(scheme): \(load.failures)")
        #expect(!load.requests.isEmpty)
        let outside = load.requests.filter { !$0.hasPrefix(origin + "/") }
        #expect(outside.isEmpty, "\(page) reached outside the site: \(outside)")
        #expect(probe.background == background, "\(page) in \(scheme) mode")
        #expect(probe.figures == figures)
        #expect(probe.visible == figures, "\(page): figures not visible")
        #expect(probe.title.hasSuffix("Lens notes"))
      }
    }
    server.stop()
    await running.value
  }
}
