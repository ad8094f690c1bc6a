// Generated from templates/layout.mustache; keep the two identical (DefaultTemplatesTests checks).

extension DefaultTemplates {
  /// The page around every page's content: head, site header and footer.
  static let layout = #"""
<!DOCTYPE html>
<html lang="{{language}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{pageTitle}}</title>
{{#hasDescription}}
<meta name="description" content="{{description}}">
{{/hasDescription}}
{{#hasCanonical}}
<link rel="canonical" href="{{canonical}}">
{{/hasCanonical}}
<meta property="og:site_name" content="{{siteTitle}}">
<meta property="og:title" content="{{shareTitle}}">
<meta property="og:type" content="{{shareType}}">
{{#hasCanonical}}
<meta property="og:url" content="{{canonical}}">
{{/hasCanonical}}
{{#hasDescription}}
<meta property="og:description" content="{{description}}">
{{/hasDescription}}
{{#hasPublished}}
<meta property="article:published_time" content="{{published}}">
{{/hasPublished}}
<meta name="twitter:card" content="summary">
<link rel="alternate" type="application/atom+xml" title="{{siteTitle}}" href="{{feedHref}}">
{{#hasInlineStyle}}
<style>
{{{inlineStyle}}}
</style>
{{/hasInlineStyle}}
{{^hasInlineStyle}}
<link rel="stylesheet" href="{{root}}style.css">
{{/hasInlineStyle}}
</head>
<body>
<header class="site-header" id="top">
<a class="site-title" href="{{root}}">{{siteTitle}}</a>
<a class="site-feed" href="{{feedHref}}">Feed</a>
</header>
<main id="content">
{{{content}}}
</main>
<footer class="site-footer">
<p>{{siteTitle}}{{#hasAuthor}} · {{author}}{{/hasAuthor}} · made with lenscribe</p>
</footer>
{{#hasScript}}
{{#hasInlineStyle}}
<script>
{{{inlineScript}}}
</script>
{{/hasInlineStyle}}
{{^hasInlineStyle}}
<script src="{{root}}lens.js"></script>
{{/hasInlineStyle}}
{{/hasScript}}
</body>
</html>

"""#
}
