import BrowserTesting
import Figures
import Foundation
import Testing

/// Every sample figure opened in headless Chromium, light and dark: drawn at its viewBox size,
/// not blank, background and text following `prefers-color-scheme` with readable contrast.
/// To look yourself: `chromium-headless-shell --screenshot=fig.png --window-size=900,420
/// --blink-settings=preferredColorScheme=0 file://$PWD/Tests/FiguresTests/Golden/FIG.svg`
/// (0 = dark, 1 = light).
@Suite("Figures in a browser", .serialized)
struct FigureBrowserTests {
  struct Probe: Decodable {
    var width: Double
    var height: Double
    var background: String
    var text: String
    var colours: Int
    var painted: Double
  }

  /// Size, themed colours, and the distinct colours of the figure drawn into a canvas.
  static let probe = """
    (async () => {
      const svg = document.documentElement;
      const box = svg.getBoundingClientRect();
      const background = getComputedStyle(svg.querySelector('.bg')).fill;
      const text = getComputedStyle(svg.querySelector('.fg')).fill;
      const image = new Image();
      image.src = 'data:image/svg+xml;charset=utf-8,'
        + encodeURIComponent(new XMLSerializer().serializeToString(svg));
      await image.decode();
      const canvas = document.createElementNS('http://www.w3.org/1999/xhtml', 'canvas');
      canvas.width = Math.round(box.width);
      canvas.height = Math.round(box.height);
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
      const colours = new Set();
      let painted = 0;
      const first = (pixels[0] << 16) | (pixels[1] << 8) | pixels[2];
      for (let i = 0; i < pixels.length; i += 4) {
        const colour = (pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2];
        colours.add(colour);
        if (colour !== first) painted += 1;
      }
      return JSON.stringify({ width: box.width, height: box.height, background, text,
        colours: colours.size, painted: painted / (pixels.length / 4) });
    })()
    """

  @Test("each figure kind renders at its size, not blank, in light and dark mode")
  func figures() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "lenscribe-figures-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let browser = try HeadlessChromium()
    let stack = ChartStack(
      meta: FigureMeta(
        slug: "fig-5-compare", title: "Two charts in one figure",
        description: "A trajectory over a recall curve."),
      panels: [SampleFigures.trajectory, SampleFigures.recall])
    let kinds =
      SampleFigures.all + [
        ("bar-chart.svg", BarChartTests.entries.svg()),
        ("labelled-heatmap.svg", LabelledHeatmapTests.heads.svg()),
        ("chart-stack.svg", stack.svg()),
      ]
    for (name, svg) in kinds {
      let file = folder.appendingPathComponent(name)
      try Data(svg.utf8).write(to: file)
      let size = try #require(Self.viewBoxSize(svg))
      var backgrounds: Set<String> = []
      for (scheme, background) in [("light", "rgb(255, 255, 255)"), ("dark", "rgb(22, 22, 26)")] {
        let (load, value) = try browser.load(
          file.absoluteString, scheme: scheme, evaluate: Self.probe)
        #expect(load.consoleErrors.isEmpty, "\(name) \(scheme): \(load.consoleErrors)")
        let probe = try JSONDecoder().decode(
          Probe.self, from: Data(((value as? String) ?? "").utf8))
        #expect(probe.width == size.width && probe.height == size.height, "\(name) \(scheme)")
        #expect(probe.background == background, "\(name) in \(scheme) mode")
        #expect(probe.text != probe.background)
        #expect(probe.colours >= 8, "\(name) \(scheme): only \(probe.colours) colours")
        #expect(probe.painted > 0.02, "\(name) \(scheme): almost blank (\(probe.painted))")
        backgrounds.insert(probe.background)
      }
      #expect(backgrounds.count == 2, "\(name) does not follow prefers-color-scheme")
    }
  }

  /// Width and height from the root's `viewBox`.
  static func viewBoxSize(_ svg: String) -> (width: Double, height: Double)? {
    guard let start = svg.range(of: "viewBox=\"0 0 ") else { return nil }
    let numbers = svg[start.upperBound...].prefix { $0 != "\"" }.split(separator: " ")
    guard numbers.count == 2, let width = Double(numbers[0]), let height = Double(numbers[1])
    else { return nil }
    return (width, height)
  }
}
