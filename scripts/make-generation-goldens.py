#!/usr/bin/env python3
"""Records llama.cpp's greedy continuations for three prompts per real model (the generation
goldens of `Transformer.generate`).

Run with the reference venv (make reference-venv), never from `make test`:
    ~/.cache/lenscribe/venv/bin/python scripts/make-generation-goldens.py
Writes Tests/EngineTests/Fixtures/generation/<model>.json with, per prompt, the token ids
llama.cpp tokenized it to and the 16 tokens it then chose greedily (the argmax of each next
logit row, decoding one token at a time with its KV cache).
"""
import json
import os

import numpy as np
from llama_cpp import Llama

CACHE = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "lenscribe", "models")
MODELS = {
    "smollm2-135m": "SmolLM2-135M-Instruct.Q4_1.gguf",
    "gemma3-270m": "gemma-3-270m-q4_k_m.gguf",
}
PROMPTS = [
    "I go to the basketball court to",
    "The capital of France is Paris. The capital of Germany is",
    "Once upon a time, in a small village by the sea,",
]
# Where a step's two best logits are this close, lenscribe's and llama.cpp's rounding may
# choose differently; the margins are stored so that a test can tell such a step from a bug.
COUNT = 16
OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "EngineTests", "Fixtures", "generation")


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, file_name in MODELS.items():
        llm = Llama(
            model_path=os.path.join(CACHE, file_name), n_ctx=256, n_batch=256, n_threads=2,
            logits_all=True, verbose=False,
        )
        cases = []
        for text in PROMPTS:
            tokens = [int(t) for t in llm.tokenize(text.encode("utf-8"), add_bos=True, special=False)]
            llm.reset()
            llm.eval(tokens)
            added = []
            for _ in range(COUNT):
                logits = np.asarray(llm.scores[llm.n_tokens - 1], dtype=np.float32)
                best = int(np.argmax(logits))
                ordered = np.sort(logits)
                added.append({"id": best, "margin": float(ordered[-1] - ordered[-2])})
                llm.eval([best])
            cases.append({"text": text, "tokens": tokens, "continuation": added})
        path = os.path.join(OUT, name + ".json")
        with open(path, "w") as out:
            json.dump({"model": name, "cases": cases}, out, indent=1, ensure_ascii=False)
            out.write("\n")
        print(path, [[a["id"] for a in c["continuation"]] for c in cases])


if __name__ == "__main__":
    main()
