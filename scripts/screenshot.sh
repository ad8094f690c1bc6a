#!/usr/bin/env bash
# Remakes docs/screenshot.png: the logit-lens section of the first post of the built example
# site, in headless Chromium, light mode, at a reading width. Run `make site` first.
set -euo pipefail
cd "$(dirname "$0")/.."
page="site/public/posts/reading-its-mind/index.html"
[[ -f "$page" ]] || { echo "error: $page is missing; run 'make site' first" >&2; exit 1; }
browser="$(command -v chromium-headless-shell || command -v chromium || true)"
[[ -n "$browser" ]] || { echo "error: no headless Chromium; run 'bash scripts/install-deps.sh'" >&2; exit 1; }
mkdir -p docs
# A tall page, then the rows that hold the section on the logit lens and its figure.
tall="$(mktemp --suffix=.png)"
trap 'rm -f "$tall"' EXIT
"$browser" --no-sandbox --hide-scrollbars --blink-settings=preferredColorScheme=1 \
  --screenshot="$tall" --window-size=1000,4200 "file://$PWD/$page" 2>/dev/null
python3 scripts/crop-png.py "$tall" docs/screenshot.png 2900 4200
echo "wrote docs/screenshot.png"
