// Generated from templates/style.css; keep the two identical (DefaultTemplatesTests checks).

extension DefaultTemplates {
  /// The default style sheet: Distill-like typography, dark mode.
  static let styleSheet = #"""
/* lenscribe default style: a narrow text column, wider figures, quiet chrome, dark mode. */
:root {
  --text: #1a1a1a;
  --muted: #5f6368;
  --faint: #e6e6e6;
  --background: #ffffff;
  --panel: #f7f7f5;
  --accent: #1f5fa8;
  --serif: "Iowan Old Style", "Palatino Linotype", Palatino, Georgia, "Times New Roman", serif;
  --sans: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --mono: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace;
  --column: 40rem;
  --wide: 56rem;
  color-scheme: light dark;
}

@media (prefers-color-scheme: dark) {
  :root {
    --text: #e8e6e3;
    --muted: #a0a4a8;
    --faint: #33363a;
    --background: #16181b;
    --panel: #1e2125;
    --accent: #7fb2f0;
  }
}

* { box-sizing: border-box; }

html {
  background: var(--background);
  color: var(--text);
  font-family: var(--serif);
  font-size: 112.5%;
  line-height: 1.65;
  -webkit-text-size-adjust: 100%;
}

body { margin: 0; padding: 0 1.25rem; }

a { color: var(--accent); text-decoration-thickness: 1px; text-underline-offset: 0.15em; }

.site-header, .site-footer, main { max-width: var(--wide); margin: 0 auto; }

.site-header {
  display: flex;
  justify-content: space-between;
  align-items: baseline;
  padding: 1.25rem 0;
  border-bottom: 1px solid var(--faint);
  font-family: var(--sans);
  font-size: 0.9rem;
}

.site-title { color: var(--text); font-weight: 600; text-decoration: none; }
.site-feed { color: var(--muted); }

.site-footer {
  margin-top: 4rem;
  padding: 1.5rem 0 3rem;
  border-top: 1px solid var(--faint);
  color: var(--muted);
  font-family: var(--sans);
  font-size: 0.8rem;
}

.post-header, .post-body > *, .post-contents, .post-footer, .post-list, .not-found {
  max-width: var(--column);
  margin-left: auto;
  margin-right: auto;
}

.post-header { margin-top: 3rem; margin-bottom: 2rem; }

h1, h2, h3, h4 { font-family: var(--sans); line-height: 1.25; font-weight: 650; }
h1 { font-size: 2.3rem; margin: 0 0 0.75rem; letter-spacing: -0.01em; }
h2 { font-size: 1.45rem; margin-top: 2.5rem; }
h3 { font-size: 1.15rem; margin-top: 2rem; }

.post-summary { font-size: 1.2rem; color: var(--muted); margin: 0 0 1rem; }
.post-meta { font-family: var(--sans); font-size: 0.85rem; color: var(--muted); }
.post-draft { color: #b3261e; font-weight: 600; text-transform: uppercase; }

.post-contents {
  font-family: var(--sans);
  font-size: 0.85rem;
  border-left: 2px solid var(--faint);
  padding: 0.25rem 0 0.25rem 1rem;
  margin-bottom: 2.5rem;
}
.post-contents-title { margin: 0 0 0.25rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.06em; }
.post-contents ol { list-style: none; margin: 0; padding: 0; }
.post-contents .level-3 { padding-left: 1rem; }
.post-contents .level-4, .post-contents .level-5, .post-contents .level-6 { padding-left: 2rem; }

code, pre { font-family: var(--mono); font-size: 0.85em; }
pre { background: var(--panel); padding: 0.9rem 1rem; overflow-x: auto; border-radius: 4px; }
:not(pre) > code { background: var(--panel); padding: 0.1em 0.3em; border-radius: 3px; }
blockquote { margin-left: 0; padding-left: 1rem; border-left: 3px solid var(--faint); color: var(--muted); }
img { max-width: 100%; height: auto; }
hr { border: 0; border-top: 1px solid var(--faint); margin: 2.5rem auto; }

.post-body > .lens-figure { max-width: var(--wide); margin: 2.5rem auto; }
.lens-graphic { background: var(--panel); border-radius: 6px; padding: 1rem; overflow-x: auto; }
.lens-graphic img, .lens-graphic > svg { display: block; margin: 0 auto; max-width: 100%; height: auto; }
.lens-graphic > svg:focus { outline: none; }
.lens-graphic > svg:focus-visible { outline: 2px solid var(--accent); outline-offset: 4px; }
.lens-graphic rect.lens-selected { stroke: #ff2d95; stroke-width: 3px; }
.lens-graphic .lens-badge { font-family: var(--mono); font-size: 8px; pointer-events: none; }
.lens-graphic .lens-pinned [data-series]:not(.lens-on) { opacity: 0.15; }
.lens-readout {
  font-family: var(--sans);
  font-size: 0.85rem;
  max-width: var(--column);
  margin: 0.75rem auto 0;
  min-height: 1.5em;
  color: var(--muted);
}
.lens-readout p { margin: 0 0 0.25rem; color: var(--text); }
.lens-readout .lens-pattern { display: block; margin: 0.25rem 0; fill: var(--text); }
.lens-readout .lens-pattern text { font-family: var(--mono); font-size: 10px; fill: var(--muted); }
.lens-readout ol {
  display: flex; flex-wrap: wrap; gap: 0 1.5rem; margin: 0 0 0.25rem; padding: 0;
  list-style-position: inside;
}
.lens-figure figcaption, .lens-finding, .lens-source, .lens-reproduce, .lens-table {
  font-family: var(--sans);
  font-size: 0.85rem;
  max-width: var(--column);
  margin-left: auto;
  margin-right: auto;
}
.lens-figure figcaption { margin-top: 0.75rem; }
.lens-number { color: var(--text); font-weight: 650; text-decoration: none; }
.lens-finding { color: var(--text); margin-top: 0.5rem; }
.lens-source { color: var(--muted); margin-top: 0.25rem; }
.lens-reproduce { color: var(--muted); margin-top: 0.25rem; }
.lens-reproduce summary { cursor: pointer; }
.lens-reproduce pre { font-size: 0.8rem; margin: 0.4rem 0 0; }
.lens-table { border-collapse: collapse; margin-top: 0.75rem; font-variant-numeric: tabular-nums; }
.lens-table th, .lens-table td { padding: 0.2rem 0.75rem; border-bottom: 1px solid var(--faint); text-align: left; }
.figure-ref { white-space: nowrap; }

.post-footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--faint); }
.post-note, .post-source { font-family: var(--sans); font-size: 0.8rem; color: var(--muted); }
.post-note .sha { word-break: break-all; }

.site-heading { margin-top: 3rem; }
.posts { list-style: none; padding: 0; }
.post-item { margin: 2rem 0; }
.post-item h2 { margin: 0 0 0.25rem; font-size: 1.35rem; }
.post-item h2 a { color: var(--text); text-decoration: none; }
.post-item .post-meta { margin: 0 0 0.25rem; }
.post-item .post-summary { font-size: 1rem; }

/* Narrow screens: figures keep their size and scroll inside their box, where shrinking them
   would make their labels unreadable; wide tables scroll the same way. */
@media (max-width: 40rem) {
  html { font-size: 100%; }
  body { padding: 0 0.75rem; }
  h1 { font-size: 1.8rem; }
  .lens-graphic { padding: 0.5rem; }
  .lens-graphic > svg { max-width: none; margin: 0; }
  .lens-table { display: block; overflow-x: auto; }
}

/* Paper: black on white whatever the screen's scheme, no navigation, figures whole. */
@media print {
  :root {
    --text: #000000;
    --muted: #444444;
    --faint: #cccccc;
    --background: #ffffff;
    --panel: #ffffff;
    --accent: #000000;
  }
  html { font-size: 10.5pt; }
  body { padding: 0; }
  .site-header, .site-footer, .post-contents, .lens-readout, .lens-reproduce, .post-source {
    display: none;
  }
  .lens-figure { break-inside: avoid; }
  .lens-graphic { padding: 0; overflow: visible; }
  .lens-graphic > svg { max-width: 100%; }
  .lens-graphic > svg, .lens-graphic > svg svg {
    --lens-bg: #ffffff !important;
    --lens-fg: #000000 !important;
    --lens-muted: #444444 !important;
    --lens-axis: #444444 !important;
    --lens-grid: #dddddd !important;
  }
  h2, h3 { break-after: avoid; }
  .post-body a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 0.85em; }
}

"""#
}
