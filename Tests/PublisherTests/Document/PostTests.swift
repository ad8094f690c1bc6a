import Analysis
import Publisher
import Testing

@Suite struct PostTests {
  static let source = """
    ---
    title: Reading its mind
    date: 2024-05-01
    summary: The logit lens, layer by layer.
    model: gemma3-270m
    ---

    # Intro

    As [@fig:guess] shows, the guess forms late.

    ```lens
    analysis: logit-lens
    prompt: I go to the basketball court to
    caption: The guess forms *layer by layer*.
    label: guess
    top: 5
    ```

    ```lens
    analysis: capacity
    ```
    """

  @Test func findsFrontMatterBlocksAndTheirLines() throws {
    let post = try Post.parse(Self.source, file: "posts/reading.md")
    #expect(post.slug == "reading")
    #expect(post.frontMatter.title == "Reading its mind")
    #expect(post.frontMatter.date.description == "2024-05-01")
    #expect(post.frontMatter.model == "gemma3-270m")
    #expect(!post.frontMatter.draft)
    #expect(post.blocks.count == 2)
    let first = post.blocks[0]
    #expect(first.line == 12)
    #expect(first.analysis == .logitLens)
    #expect(first.prompt == "I go to the basketball court to")
    #expect(first.caption == "The guess forms *layer by layer*.")
    #expect(first.label == "guess")
    #expect(first.options == ["top": .int(5)])
    #expect(first.line(of: "top") == 17)
    #expect(post.blocks[1].analysis == .capacity)
    #expect(post.blocks[1].prompt == nil)
    #expect(post.blocks[1].line == 20)
  }

  @Test func reportsEveryProblemWithItsLine() {
    let source = """
      ---
      title: Broken
      date: 2024-05-01
      summary: Everything wrong at once.
      ---
      See [@fig:nothing] and [@fig:twice].

      ```lens
      analysis: logit-lenz
      ```

      ```lens
      analysis: attention
      label: twice
      ```

      ```lens
      analysis: capacity
      label: twice
      ```

      ```lens
      analysis: predictions
      prompt: Hello
      label: twice
      ```

      ```lens
      analysis: capacity
      label: not ok
      ```

      ```lens
      analysis: capacity
      caption: [unclosed
      ```
      """
    #expect(
      throws: PublishError.sourceErrors([
        SourceError(
          file: "posts/broken.md", line: 6,
          message:
            "[@fig:nothing] refers to no figure: no lens block has `label: nothing` (labels here: twice)"
        ),
        // Which analyses exist and which need a prompt is the build's registry's to say
        // (SiteBuilderTests, NewAnalysisTests), so the attention block without a prompt on
        // line 12 parses and holds the label first.
        SourceError(
          file: "posts/broken.md", line: 19,
          message: "label 'twice' is already used by the figure on line 12"),
        SourceError(
          file: "posts/broken.md", line: 25,
          message: "label 'twice' is already used by the figure on line 12"),
        SourceError(
          file: "posts/broken.md", line: 30,
          message:
            "label 'not ok' may hold only letters, digits, '-' and '_' (it becomes an anchor)"),
        SourceError(
          file: "posts/broken.md", line: 36,
          message: "the lens block is not valid YAML: did not find expected ',' or ']'"),
      ])
    ) {
      try Post.parse(source, file: "posts/broken.md")
    }
  }

  /// A caption's `[@fig:label]` becomes a link like the prose's, so it is checked the same way,
  /// at the caption's line.
  @Test func aCaptionsReferenceToNoFigureIsReportedAtTheCaption() throws {
    let source = """
      ---
      title: T
      date: 2024-05-01
      summary: S
      ---
      ```lens
      analysis: capacity
      label: words
      caption: "As [@fig:words] shows, and [@fig:missing] does not."
      ```
      """
    #expect(
      throws: PublishError.sourceErrors([
        SourceError(
          file: "posts/p.md", line: 9,
          message:
            "[@fig:missing] refers to no figure: no lens block has `label: missing` (labels here: words)"
        )
      ])
    ) {
      try Post.parse(source, file: "posts/p.md")
    }
    // A caption that refers to a figure of the post parses.
    let fine = source.replacingOccurrences(of: ", and [@fig:missing] does not", with: "")
    #expect(try Post.parse(fine, file: "posts/p.md").blocks.count == 1)
  }

  @Test func frontMatterProblemsPointAtTheKey() {
    #expect(
      throws: PublishError.sourceErrors([
        SourceError(
          file: "posts/p.md", line: 3,
          message: "date '1 May' is not a calendar date written YYYY-MM-DD")
      ])
    ) {
      try Post.parse("---\ntitle: T\ndate: 1 May\nsummary: S\n---\nBody\n", file: "posts/p.md")
    }
    #expect(
      throws: PublishError.sourceErrors([
        SourceError(
          file: "posts/p.md", line: 1,
          message:
            "a post must open with front matter: a `---` line, `title:`, `date:`, `summary:`, "
            + "and a closing `---` line")
      ])
    ) {
      try Post.parse("# Just text\n", file: "posts/p.md")
    }
    #expect(
      throws: PublishError.sourceErrors([
        SourceError(
          file: "posts/p.md", line: 2,
          message: "the front matter lacks `summary:` (a sentence or two for the index and feed)")
      ])
    ) {
      try Post.parse("---\ntitle: T\ndate: 2024-01-01\n---\nBody\n", file: "posts/p.md")
    }
    #expect(
      throws: PublishError.sourceErrors([
        SourceError(
          file: "posts/My Post.md", line: 1,
          message:
            "the file name 'My Post' becomes the post's address: use only lowercase letters, "
            + "digits, '-', '_' and '.', and start with a letter or digit")
      ])
    ) {
      try Post.parse("---\ntitle: T\ndate: 2024-01-01\nsummary: S\n---\n", file: "posts/My Post.md")
    }
  }

  @Test func windowsLineEndsAndYAMLQuirksAreHandled() throws {
    let post = try Post.parse(
      "---\r\ntitle: T\r\ndate: 2024-01-01\r\nsummary: S\r\ndraft: yes\r\n---\r\n```lens\r\n"
        + "analysis: predictions\r\nprompt: yes\r\nflag: on\r\nsize: 1.5\r\nnames: [a, b]\r\n```\r\n",
      file: "posts/p.md")
    #expect(post.frontMatter.draft)
    #expect(post.blocks[0].prompt == "yes")
    #expect(post.blocks[0].line == 7)
    #expect(
      post.blocks[0].options == [
        "flag": .bool(true), "size": .double(1.5), "names": .list([.string("a"), .string("b")]),
      ])
  }
}
