/// One token with its probability under some distribution.
public struct TokenProbability: Codable, Sendable, Equatable {
  /// Vocabulary id.
  public let id: Int
  /// The token as a reader sees it (`Tokenizer.displayPiece`, or `#id` without a tokenizer).
  public let text: String
  /// Its probability, `exp(logit - logsumexp(logits))`.
  public let probability: Double

  public init(id: Int, text: String, probability: Double) {
    self.id = id
    self.text = text
    self.probability = probability
  }
}

/// How analyses name tokens: `Tokenizer.displayPiece`, or `#id` when there is no tokenizer.
public typealias TokenLabeler = (Int) -> String

/// The labeler used without a tokenizer: `#id`.
public func plainTokenLabel(_ id: Int) -> String { "#\(id)" }

extension TokenProbability {
  /// A token without a probability: a prompt token.
  public struct Label: Codable, Sendable, Equatable {
    /// Vocabulary id.
    public let id: Int
    /// The token as a reader sees it.
    public let text: String

    public init(id: Int, text: String) {
      self.id = id
      self.text = text
    }
  }
}
