#!/usr/bin/env bash
# Fetches llama.cpp's own tokenizer test vectors once: the ggml-vocab-*.gguf vocabularies with
# their .inp/.out cases, from the llama-cpp-python 0.3.36 source distribution on PyPI.
#   fetch-tokenizer-vectors.sh   -> ${XDG_CACHE_HOME:-$HOME/.cache}/lenscribe/llama-vocab/
# Only those files (and tests/test-tokenizer-0.cpp, which defines the format) are kept. A second
# run, with the files in place, does nothing. The EngineTests tokenizer suite reads them.
set -euo pipefail
version=0.3.36
cache="${XDG_CACHE_HOME:-$HOME/.cache}/lenscribe"
dest="$cache/llama-vocab"
stamp="$dest/.complete-$version"
if [ -f "$stamp" ]; then
  exit 0
fi

pip=(python3 -m pip)
if [ -x "$cache/venv/bin/pip" ]; then pip=("$cache/venv/bin/pip"); fi

work="$(mktemp -d "${TMPDIR:-/tmp}/lenscribe-vocab.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "lenscribe: fetching llama.cpp tokenizer vectors (llama-cpp-python $version sdist)" >&2
# --no-binary for this one package only: with :all: pip would build cmake from source.
"${pip[@]}" download --quiet --no-deps --no-binary llama-cpp-python \
  "llama-cpp-python==$version" -d "$work" || {
  echo "lenscribe: pip could not download llama-cpp-python==$version (the tokenizer test vectors);" \
    "check that PyPI can be reached and run \`make tokenizer-vectors\` again" >&2
  exit 1
}
sdist=("$work"/*.tar.gz)
sdist="${sdist[0]}"
top="$(basename "$sdist" .tar.gz)"
tar -xzf "$sdist" -C "$work" \
  --wildcards "$top/vendor/llama.cpp/models/ggml-vocab-*" \
  "$top/vendor/llama.cpp/tests/test-tokenizer-0.cpp"

mkdir -p "$dest.partial"
cp "$work/$top/vendor/llama.cpp/models/"ggml-vocab-* "$dest.partial/"
cp "$work/$top/vendor/llama.cpp/tests/test-tokenizer-0.cpp" "$dest.partial/"
rm -rf "$dest"
mv "$dest.partial" "$dest"
touch "$stamp"
echo "lenscribe: tokenizer vectors are in $dest" >&2
