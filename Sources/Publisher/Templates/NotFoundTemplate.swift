// Generated from templates/404.mustache; keep the two identical (DefaultTemplatesTests checks).

extension DefaultTemplates {
  /// The page hosts show for an address the site does not have.
  static let notFound = #"""
<section class="not-found">
<h1>Page not found</h1>
<p>There is nothing at this address. The <a href="{{root}}">list of posts</a> has everything {{siteTitle}} has published.</p>
</section>

"""#
}
