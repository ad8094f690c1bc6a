import CCmark
import Foundation

/// A CommonMark document parsed by libcmark, which this object owns and frees.
///
/// The publisher edits the tree (lens blocks become figures, references become links) and then
/// renders it to HTML or back to CommonMark.
final class CmarkTree {
  /// The document node.
  let root: OpaquePointer

  /// Parses `markdown` (smart punctuation on: quotes, dashes, ellipses).
  init(_ markdown: String) {
    let bytes = Array(markdown.utf8)
    root = cmark_parse_document(bytes, bytes.count, CMARK_OPT_SMART)!
  }

  deinit { cmark_node_free(root) }

  /// Every node in document order, entering events only; safe to edit the tree while walking it.
  var nodes: [CmarkNode] {
    var result: [CmarkNode] = []
    let iterator = cmark_iter_new(root)
    defer { cmark_iter_free(iterator) }
    while true {
      let event = cmark_iter_next(iterator)
      if event == CMARK_EVENT_DONE { break }
      if event == CMARK_EVENT_ENTER {
        result.append(CmarkNode(pointer: cmark_iter_get_node(iterator)))
      }
    }
    return result
  }

  /// Merges adjacent text nodes (libcmark splits text at brackets and other delimiters).
  func consolidateText() { cmark_consolidate_text_nodes(root) }

  /// The tree as HTML; raw HTML of the source only when `unsafe` is set.
  func html(unsafe: Bool) -> String {
    CmarkNode(pointer: root).html(unsafe: unsafe)
  }

  /// The tree as CommonMark, without line wrapping.
  func commonMark(unsafe: Bool) -> String {
    let options = CMARK_OPT_DEFAULT | (unsafe ? CMARK_OPT_UNSAFE : 0)
    guard let rendered = cmark_render_commonmark(root, options, 0) else { return "" }
    defer { free(rendered) }
    return String(cString: rendered)
  }
}

/// One node of a `CmarkTree` (a borrowed pointer, valid while the tree lives and the node is in it).
struct CmarkNode {
  let pointer: OpaquePointer

  var type: cmark_node_type { cmark_node_get_type(pointer) }
  var parent: CmarkNode? { cmark_node_parent(pointer).map(CmarkNode.init) }
  var firstChild: CmarkNode? { cmark_node_first_child(pointer).map(CmarkNode.init) }
  var next: CmarkNode? { cmark_node_next(pointer).map(CmarkNode.init) }
  var startLine: Int { Int(cmark_node_get_start_line(pointer)) }
  var endLine: Int { Int(cmark_node_get_end_line(pointer)) }
  var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }
  var literal: String { cmark_node_get_literal(pointer).map { String(cString: $0) } ?? "" }
  var fenceInfo: String { cmark_node_get_fence_info(pointer).map { String(cString: $0) } ?? "" }
  var isBlock: Bool {
    type.rawValue >= CMARK_NODE_FIRST_BLOCK.rawValue
      && type.rawValue <= CMARK_NODE_LAST_BLOCK.rawValue
  }

  /// The link or image destination.
  var url: String {
    get { cmark_node_get_url(pointer).map { String(cString: $0) } ?? "" }
    nonmutating set { cmark_node_set_url(pointer, newValue.cmarkSafe) }
  }

  /// The children in order.
  var children: [CmarkNode] {
    var result: [CmarkNode] = []
    var child = firstChild
    while let node = child {
      result.append(node)
      child = node.next
    }
    return result
  }

  /// The node's text without markup (text, code and line breaks of its descendants).
  var plainText: String {
    switch type {
    case CMARK_NODE_TEXT, CMARK_NODE_CODE: return literal
    case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK: return " "
    default: return children.map(\.plainText).joined()
    }
  }

  /// This node alone rendered as HTML.
  func html(unsafe: Bool) -> String {
    let options = CMARK_OPT_DEFAULT | (unsafe ? CMARK_OPT_UNSAFE : 0)
    guard let rendered = cmark_render_html(pointer, options) else { return "" }
    defer { free(rendered) }
    return String(cString: rendered)
  }

  /// Replaces this block by trusted output that libcmark copies as is (HTML or Markdown).
  func replaceWithBlock(_ output: String) {
    replace(with: CMARK_NODE_CUSTOM_BLOCK, output)
  }

  /// Replaces this inline node by trusted output that libcmark copies as is.
  func replaceWithInline(_ output: String) {
    replace(with: CMARK_NODE_CUSTOM_INLINE, output)
  }

  /// Splits this text node into text and trusted inline pieces, in order.
  func replaceWithPieces(_ pieces: [(text: String, trusted: Bool)]) {
    for piece in pieces where !piece.text.isEmpty {
      let node = cmark_node_new(piece.trusted ? CMARK_NODE_CUSTOM_INLINE : CMARK_NODE_TEXT)!
      if piece.trusted {
        cmark_node_set_on_enter(node, piece.text.cmarkSafe)
      } else {
        cmark_node_set_literal(node, piece.text.cmarkSafe)
      }
      cmark_node_insert_before(pointer, node)
    }
    cmark_node_unlink(pointer)
    cmark_node_free(pointer)
  }

  private func replace(with type: cmark_node_type, _ output: String) {
    let node = cmark_node_new(type)!
    cmark_node_set_on_enter(node, output.cmarkSafe)
    cmark_node_set_on_exit(node, "")
    cmark_node_replace(pointer, node)
    cmark_node_free(pointer)
  }
}

extension String {
  /// The text as libcmark may take it: libcmark's setters read C strings, which end at the
  /// first NUL, so a NUL would silently cut a page short there. It becomes U+FFFD, as libcmark
  /// itself does with a NUL in the Markdown it parses. (`Escaping` and the post rules keep NUL
  /// out already; this is the last guard.)
  var cmarkSafe: String {
    contains("\0") ? replacingOccurrences(of: "\0", with: "\u{FFFD}") : self
  }
}
