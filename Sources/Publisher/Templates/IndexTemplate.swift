// Generated from templates/index.mustache; keep the two identical (DefaultTemplatesTests checks).

extension DefaultTemplates {
  /// The list of posts, newest first.
  static let index = #"""
<section class="post-list">
<h1 class="site-heading">{{siteTitle}}</h1>
{{#hasPosts}}
<ol class="posts">
{{#posts}}
<li class="post-item">
<h2><a href="{{href}}">{{title}}</a></h2>
<p class="post-meta">{{#draft}}<span class="post-draft">Draft</span> · {{/draft}}<time datetime="{{dateISO}}">{{dateText}}</time> · {{readingTime}}</p>
<p class="post-summary">{{summary}}</p>
</li>
{{/posts}}
</ol>
{{/hasPosts}}
{{^hasPosts}}
<p class="post-none">No posts yet.</p>
{{/hasPosts}}
</section>

"""#
}
