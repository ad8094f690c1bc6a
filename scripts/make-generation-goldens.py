#!/usr/bin/env python3
"""Records llama.cpp's greedy continuations for three prompts per real model (the generation
goldens of `Transformer.generate`).

Run with the reference venv (make reference-venv), never from `make test`:
    ~/.cache/lenscribe/venv/bin/python scripts/make-generation-goldens.py
Writes Tests/EngineTests/Fixtures/generation/<model>.json with, per prompt, the token ids
llama.cpp tokenized it to and the 16 tokens it then chose greedily (the argmax of each next
logit row, decoding one token at a time with its KV cache).

Each case also records `recomputed`: the 16 tokens llama.cpp chooses when it runs the whole
sequence again for every new token, as lenscribe's `Transformer.generate` does. llama.cpp
rounds activations to 8 bits per block before its quantized products, and its batched and
single-token kernels sum in different orders, so a change far below a logit's last shown
digit can move a rounding step; near ties then go either way. Where the two continuations of
llama.cpp itself part, the margin shows how close a tie llama.cpp does not settle.
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
            sequence = list(tokens)
            recomputed = []
            for _ in range(COUNT):
                llm.reset()
                llm.eval(sequence)
                logits = np.asarray(llm.scores[len(sequence) - 1], dtype=np.float32)
                best = int(np.argmax(logits))
                ordered = np.sort(logits)
                recomputed.append({"id": best, "margin": float(ordered[-1] - ordered[-2])})
                sequence.append(best)
            cases.append({"text": text, "tokens": tokens, "continuation": added, "recomputed": recomputed})
        path = os.path.join(OUT, name + ".json")
        with open(path, "w") as out:
            json.dump({"model": name, "cases": cases}, out, indent=1, ensure_ascii=False)
            out.write("\n")
        for c in cases:
            same = [a["id"] for a in c["continuation"]] == [a["id"] for a in c["recomputed"]]
            parted = next((i for i, (a, b) in enumerate(zip(c["continuation"], c["recomputed"])) if a["id"] != b["id"]), None)
            note = "agree" if same else f"part at step {parted} (margins {c['continuation'][parted]['margin']:.3f} / {c['recomputed'][parted]['margin']:.3f})"
            print(name, repr(c["text"]), "incremental and recomputed:", note)
        print(path)


if __name__ == "__main__":
    main()
