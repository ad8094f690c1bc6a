/// One line of a line chart: points, an optional band (an interquartile range), markers.
public struct LineSeries: Sendable, Equatable {
  /// A point of the line; a non-finite `y` breaks the line there.
  public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
      self.x = x
      self.y = y
    }
  }

  /// The band's extent at one `x`.
  public struct Band: Sendable, Equatable {
    public var x: Double
    public var low: Double
    public var high: Double
    public init(x: Double, low: Double, high: Double) {
      self.x = x
      self.low = low
      self.high = high
    }
  }

  public var name: String
  public var points: [Point]
  public var band: [Band]
  /// Whether each point gets a dot.
  public var markers: Bool

  /// A series named `name` (shown in the legend).
  public init(name: String, points: [Point], band: [Band] = [], markers: Bool = false) {
    self.name = name
    self.points = points
    self.band = band
    self.markers = markers
  }

  /// A series over x = 0, 1, 2, ... (layers).
  public init(name: String, values: [Double], markers: Bool = false) {
    self.init(
      name: name, points: values.enumerated().map { Point(x: Double($0.offset), y: $0.element) },
      markers: markers)
  }
}
