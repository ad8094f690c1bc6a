#!/usr/bin/env python3
"""Records llama.cpp's final logits for a few prompts per real model (the forward-pass goldens).

Run with the reference venv (make reference-venv), never from `make test`:
    ~/.cache/lenscribe/venv/bin/python scripts/make-forward-goldens.py
Writes Tests/EngineTests/Fixtures/forward/<model>.json with, per prompt: the token ids llama.cpp
used, and for every position the top-20 token ids and logits and the log-sum-exp of the whole
row (so a test can form llama.cpp's probabilities of those 20 tokens exactly).
"""
import json
import os

from llama_cpp import Llama

import llama_logits

CACHE = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "lenscribe", "models")
MODELS = {
    "smollm2-135m": "SmolLM2-135M-Instruct.Q4_1.gguf",
    "gemma3-270m": "gemma-3-270m-q4_k_m.gguf",
}
PROMPTS = [
    ("I go to the basketball court to", None),
    ("I go to the basketball court to", True),
    ("The capital of France is Paris. The capital of Germany is", None),
    ("def fibonacci(n):\n    if n < 2:\n        return n\n    return", None),
    (
        "Once upon a time, in a small village by the sea, there lived an old fisherman who "
        "went out every morning before sunrise. One day, his net caught something strange: a "
        "bottle with a letter inside. He opened it carefully and read the first line, which said",
        None,
    ),
]
TOP = 20
OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "EngineTests", "Fixtures", "forward")


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, file_name in MODELS.items():
        llm = Llama(
            model_path=os.path.join(CACHE, file_name), n_ctx=1024, n_batch=1024, n_ubatch=1024,
            n_threads=2, logits_all=True, verbose=False,
        )
        cases = []
        for text, force_bos in PROMPTS:
            tokens = llm.tokenize(text.encode("utf-8"), add_bos=True, special=False)
            if force_bos and tokens[0] != llm.token_bos():
                tokens = [llm.token_bos()] + tokens
            elif force_bos:
                continue  # the model adds BOS anyway: the plain case covers it
            positions = llama_logits.positions(llm, tokens, TOP)
            cases.append({"text": text, "tokens": [int(t) for t in tokens], "positions": positions})
        path = os.path.join(OUT, name + ".json")
        with open(path, "w") as out:
            json.dump({"model": name, "top": TOP, "cases": cases}, out, indent=1, ensure_ascii=False)
            out.write("\n")
        print(path, [len(c["tokens"]) for c in cases])


if __name__ == "__main__":
    main()
