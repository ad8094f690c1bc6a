// Generated from templates/post.mustache; keep the two identical (DefaultTemplatesTests checks).

extension DefaultTemplates {
  /// A post: header, contents, body with figures, and the model note.
  static let post = #"""
<article class="post">
<header class="post-header">
<h1>{{title}}</h1>
<p class="post-summary">{{summary}}</p>
<p class="post-meta">
{{#draft}}<span class="post-draft">Draft</span> · {{/draft}}<time datetime="{{dateISO}}">{{dateText}}</time>{{#hasAuthor}} · {{author}}{{/hasAuthor}} · {{readingTime}}
</p>
</header>
{{#hasContents}}
<nav class="post-contents" id="contents" aria-label="Contents">
<p class="post-contents-title">Contents</p>
<ol>
{{#contents}}
<li class="level-{{level}}"><a href="#{{anchor}}">{{text}}</a></li>
{{/contents}}
</ol>
</nav>
{{/hasContents}}
<div class="post-body">
{{{body}}}
</div>
<footer class="post-footer">
{{#hasModels}}
<p class="post-note" id="model-note">
Figures computed by lenscribe from {{#models}}<code>{{file}}</code> (SHA-256 <code class="sha">{{sha256}}</code>){{^last}}, {{/last}}{{/models}}.
</p>
{{/hasModels}}
<p class="post-source"><a href="{{markdownHref}}">This post as Markdown</a></p>
</footer>
</article>

"""#
}
