import Analysis

/// The words around one analysis in a report: heading, introduction, caption, and the line the
/// summary gives it. Plain prose without numbers; the figure's finding carries the numbers.
struct ReportSection: Equatable {
  let heading: String
  let intro: String
  let caption: String
  let summary: String
}

extension ReportPost {
  /// The section of `analysis`.
  static func section(_ analysis: AnalysisKind) -> ReportSection {
    switch analysis {
    case .predictions:
      ReportSection(
        heading: "What comes next",
        intro: "First the model's own answer: the tokens it finds most likely to follow the "
          + "whole prompt, with their probabilities.",
        caption: "The most likely next tokens after the prompt.",
        summary: "The model's answer and its runners-up")
    case .logitLens:
      ReportSection(
        heading: "The guess forming layer by layer",
        intro: "The logit lens reads the residual stream after every layer through the model's "
          + "final norm and output matrix, as if the model had to answer there. Each cell is "
          + "the top guess at one position after one layer; the embedding is at the bottom and "
          + "the output at the top.",
        caption: "The top guess of every layer at every position of the prompt.",
        summary: "How the guess at every position forms through the layers")
    case .trajectory:
      ReportSection(
        heading: "Following the answer",
        intro: "The same lens at the last position only: how the probability and the rank of "
          + "the tokens that end up on top change from layer to layer.",
        caption: "Probability and rank of the leading tokens at the last position, per layer.",
        summary: "The course of the final answer through the layers")
    case .residualChange:
      ReportSection(
        heading: "Small steps",
        intro: "How much each block changes the residual stream, as a share of its size before "
          + "the block. In large models most blocks change it only a little; the first and "
          + "the last blocks are the usual exceptions.",
        caption: "Change of the residual per block and position, in percent of its norm.",
        summary: "How much each block changes the state")
    case .attention:
      ReportSection(
        heading: "What the heads look at",
        intro: "Every attention head sorted by what it mostly does: look at the first token, "
          + "at the previous one, at itself, or spread its attention out.",
        caption: "What each attention head mostly attends to.",
        summary: "What each attention head mostly does")
    case .attentionSinks:
      ReportSection(
        heading: "Attention sinks",
        intro: "Heads with nothing useful to attend to park their attention on the first "
          + "token. The map shows the share of attention each head of each layer puts there; "
          + "the table lists later positions that draw attention the same way.",
        caption: "Share of attention on the first token, per layer and head.",
        summary: "Where attention goes when it has nowhere to go")
    case .dictionary:
      ReportSection(
        heading: "Reading with the dictionaries",
        intro: "The model has two dictionaries: the embedding matrix that turns tokens into "
          + "vectors and the output matrix that turns vectors back into tokens. Here a vector "
          + "of this prompt is read through them.",
        caption: "A vector of the prompt read through the model's dictionaries.",
        summary: "The prompt read through the model's dictionaries")
    case .memoryPurge:
      ReportSection(
        heading: "The memory purge",
        intro: "Whether the last layers wipe out the prompt's own words to make room for the "
          + "answer: how strongly the input words can still be read from the state, layer by "
          + "layer, against the guess that takes their place.",
        caption: "The prompt's own words against the lens guess, per layer.",
        summary: "What the last layers wipe out")
    case .capacity:
      ReportSection(
        heading: "How many words fit in one vector",
        intro: "A property of the model rather than of the prompt: how many words can be "
          + "added into one vector of this model's width and still be read back, against the "
          + "noise floor expected from the dimension alone.",
        caption: "Words read back from a sum of k words, against k.",
        summary: "How many words one state vector can hold")
    case .compare:
      ReportSection(
        heading: "Two runs side by side",
        intro: "Two runs compared layer by layer.",
        caption: "Two runs side by side.",
        summary: "Two runs side by side")
    }
  }
}
