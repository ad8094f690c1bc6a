#!/usr/bin/env python3
"""Regenerates the tokenizer goldens of the two registry models with llama.cpp itself.

    ~/.cache/lenscribe/venv/bin/python scripts/make-tokenizer-goldens.py

Needs llama-cpp-python 0.3.36 in the venv (`make reference-venv`) and both models in the cache
(`make models`). Loads each model's vocabulary only (vocab_only), tokenizes the strings below in
three ways and writes Tests/EngineTests/Fixtures/tokenizer/<model>.json:

  ids          add_special=False, parse_special=False   (no BOS, special-token text is text)
  ids_default  add_special=True,  parse_special=False   (BOS as the model's metadata asks)
  ids_special  add_special=False, parse_special=True    (<|im_start|> etc. become tokens)
  pieces       llama_token_to_piece(special=True) of each id in `ids`, as hex

Texts are stored as hex of their exact bytes (some are invalid UTF-8) and as readable text.
Never run by `make test`: the goldens are committed and the tests read them.
"""
import ctypes
import json
import os
import sys

import llama_cpp

CACHE = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "lenscribe")
MODELS = {
    "smollm2-135m": "SmolLM2-135M-Instruct.Q4_1.gguf",
    "gemma3-270m": "gemma-3-270m-q4_k_m.gguf",
}
OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "EngineTests", "Fixtures", "tokenizer")

# (name, bytes, byte-level-BPE safe). llama.cpp aborts the process on a 4-byte form above
# U+10FFFF in byte-level BPE, so that case is only asked of SentencePiece.
CASES = [
    ("empty", b"", True),
    ("space", b" ", True),
    ("two-spaces", b"  ", True),
    ("newline", b"\n", True),
    ("hello", "Hello world".encode(), True),
    ("hello-leading-space", " Hello world".encode(), True),
    ("sentence", "The quick brown fox jumps over the lazy dog.".encode(), True),
    ("prompt", "I go to the basketball court to".encode(), True),
    ("contractions", "Don't you think it's 5 o'clock? I'll say we've, THEY'RE, 'tis".encode(), True),
    ("caps", "HELLO WORLD, Hello World, hello world".encode(), True),
    ("python", "def f(x):\n    return x ** 2  # square\n".encode(), True),
    ("c-loop", "for (int i = 0; i < n; ++i) { sum += a[i]; }".encode(), True),
    ("html", '<div class="x">&amp; <b>bold</b></div>'.encode(), True),
    ("html-spaces", "<b>bold</b> </i> <p>a</p>  </div>\n> </".encode(), True),
    ("numbers", "3.14159 2024 1,000,000 0x1F 1e-9 -42".encode(), True),
    ("long-number", "12345678901234567890".encode(), True),
    ("emoji", "🦙🚀 😶‍🌫️ 👍🏽 ✅ 🇫🇷".encode(), True),
    ("chinese", "我想在apple工作1314151天～".encode(), True),
    ("japanese", "日本語のテキストです。".encode(), True),
    ("korean", "한국어 문장입니다".encode(), True),
    ("arabic", "مرحبا بالعالم".encode(), True),
    ("hebrew", "שלום עולם".encode(), True),
    ("hindi", "नमस्ते दुनिया".encode(), True),
    ("thai", "สวัสดีชาวโลก".encode(), True),
    ("bulgarian", "нещо на Български".encode(), True),
    ("accents", "café naïve façade Ångström Zürich".encode(), True),
    ("combining", "e\u0301 a\u0308 n\u0303".encode(), True),
    ("space-runs", "a  b   c    d".encode(), True),
    ("leading-spaces", "   leading".encode(), True),
    ("trailing-spaces", "trailing   ".encode(), True),
    ("tabs-newlines", "\t\ttabs\tand\nnewlines\n\n\n".encode(), True),
    ("crlf", "\r\n windows \r\n".encode(), True),
    ("unicode-spaces", "a\u00a0b x\u3000y z\u2028w".encode(), True),
    ("chatml", "<|im_start|>user\nHi there<|im_end|>\n".encode(), True),
    ("gemma-turns", "<bos><start_of_turn>user\nHi<end_of_turn>\n".encode(), True),
    ("sentencepiece-specials", "<s> </s> <unk> <pad>".encode(), True),
    ("endoftext", "<|endoftext|>".encode(), True),
    ("long-word", "supercalifragilisticexpialidocious".encode(), True),
    ("mixed", "The 3 little pigs ran 100m in 9.58s!!!".encode(), True),
    ("url", "https://example.com/path?q=1&r=two#frag".encode(), True),
    ("markdown", "# Title\n\n- item *one*\n- item **two**\n".encode(), True),
    ("invalid-byte", b"abc\xffdef", True),
    ("truncated-two-byte", b"\xc3(", True),
    ("truncated-three-byte", b"ab\xe2\x82", True),
    ("surrogate", b"\xed\xa0\x80 x", True),
    ("overlong-nul", b"a\xc0\x80b", True),
    ("above-max", b"a\xf4\x90\x80\x80b", False),
]


def tokenize(vocab, data, add_special, parse_special):
    size = len(data) + 8
    while True:
        tokens = (llama_cpp.llama_token * size)()
        n = llama_cpp.llama_tokenize(vocab, data, len(data), tokens, size, add_special, parse_special)
        if n >= 0:
            return list(tokens[:n])
        size = -n


def piece(vocab, token):
    size = 64
    while True:
        buf = ctypes.create_string_buffer(size)
        n = llama_cpp.llama_token_to_piece(vocab, token, buf, size, 0, True)
        if n >= 0:
            return buf.raw[:n]
        size = -n


def main():
    llama_cpp.llama_backend_init()
    os.makedirs(OUT, exist_ok=True)
    for name, file_name in MODELS.items():
        path = os.path.join(CACHE, "models", file_name)
        params = llama_cpp.llama_model_default_params()
        params.vocab_only = True
        model = llama_cpp.llama_model_load_from_file(path.encode(), params)
        if not model:
            sys.exit(f"cannot load {path}: run `make models` first")
        vocab = llama_cpp.llama_model_get_vocab(model)
        byte_level = file_name.startswith("SmolLM2")
        cases = []
        for case_name, data, bpe_safe in CASES:
            if byte_level and not bpe_safe:
                continue
            ids = tokenize(vocab, data, False, False)
            cases.append({
                "name": case_name,
                "hex": data.hex(),
                "text": data.decode("utf-8", errors="replace"),
                "ids": ids,
                "ids_default": tokenize(vocab, data, True, False),
                "ids_special": tokenize(vocab, data, False, True),
                "pieces": [piece(vocab, t).hex() for t in ids],
            })
        golden = {
            "model": name,
            "file": file_name,
            "generator": f"llama-cpp-python {llama_cpp.__version__}, scripts/make-tokenizer-goldens.py",
            "vocabulary_size": llama_cpp.llama_vocab_n_tokens(vocab),
            "bos": llama_cpp.llama_vocab_bos(vocab),
            "adds_bos": bool(llama_cpp.llama_vocab_get_add_bos(vocab)),
            "cases": cases,
        }
        target = os.path.join(OUT, f"{name}.json")
        temporary = target + ".tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(golden, handle, ensure_ascii=False, indent=1, sort_keys=True)
            handle.write("\n")
        os.replace(temporary, target)
        print(f"{target}: {len(cases)} cases")
        llama_cpp.llama_model_free(model)


if __name__ == "__main__":
    main()
