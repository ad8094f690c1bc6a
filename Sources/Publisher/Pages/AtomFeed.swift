/// The site's Atom feed: one entry per listed post, dates from the posts (never the clock).
struct AtomFeed {
  let config: SiteConfig
  /// The posts, newest first.
  let posts: [Post]

  /// The feed document.
  var xml: String {
    let base = config.baseURL
    let updated = posts.map(\.frontMatter.date).max()?.rfc3339 ?? "1970-01-01T00:00:00Z"
    var lines = [
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"\(Escaping.xml(config.language))\">",
      "<title>\(Escaping.xml(config.title))</title>",
      "<id>\(Escaping.xml(base))</id>",
      "<link href=\"\(Escaping.xml(base))\"/>",
      "<link rel=\"self\" type=\"application/atom+xml\" href=\"\(Escaping.xml(base + "feed.xml"))\"/>",
      "<updated>\(updated)</updated>",
      "<author>",
      "<name>\(Escaping.xml(config.author ?? config.title))</name>",
      "</author>",
      "<generator>lenscribe</generator>",
    ]
    for post in posts {
      let url = Escaping.xml(base + "posts/\(post.slug)/")
      let date = post.frontMatter.date.rfc3339
      lines += [
        "<entry>",
        "<title>\(Escaping.xml(post.frontMatter.title))</title>",
        "<id>\(url)</id>",
        "<link rel=\"alternate\" type=\"text/html\" href=\"\(url)\"/>",
        "<published>\(date)</published>",
        "<updated>\(date)</updated>",
        "<summary>\(Escaping.xml(post.frontMatter.summary))</summary>",
        "</entry>",
      ]
    }
    lines.append("</feed>")
    return lines.joined(separator: "\n") + "\n"
  }
}
