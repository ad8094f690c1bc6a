#!/usr/bin/env python3
"""Records llama.cpp's logits on the oracle's random-weight models (the architecture goldens).

Run with the reference venv (make reference-venv), never from `make test`:
    ~/.cache/lenscribe/venv/bin/python scripts/make-oracle-goldens.py
It builds `lenscribe-bench`, has it write every `SyntheticModel.oracleCases` model (random
weights, a real vocabulary from llama.cpp's test vocabularies) into a temporary folder, and runs
llama-cpp-python on each file. Writes Tests/EngineTests/Fixtures/oracle/<case>.json with the
file's SHA-256 (the test writes the model again and checks it first), and per prompt: the token
ids llama.cpp used, and for every position the top-20 ids and logits and the log-sum-exp of the
whole row, as scripts/make-forward-goldens.py does for the real models.
"""
import hashlib
import json
import os
import subprocess
import sys
import tempfile

from llama_cpp import Llama

import llama_logits

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "Tests", "EngineTests", "Fixtures", "oracle")
PROMPTS = [
    "I go to the basketball court to",
    "The capital of France is Paris. The capital of Germany is Berlin. The capital of Italy is",
    "def fibonacci(n):\n    if n < 2:\n        return n\n    return fibonacci(n - 1) + fibonacci(n - 2)\n\n"
    "for i in range(10):\n    print(i, fibonacci(i))",
]
TOP = 20


def main():
    subprocess.run(["swift", "build", "--product", "lenscribe-bench"], cwd=ROOT, check=True)
    os.makedirs(OUT, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        listing = subprocess.run(
            [os.path.join(ROOT, ".build", "debug", "lenscribe-bench"), "synthesize", folder],
            check=True, capture_output=True, text=True).stdout
        for line in listing.splitlines():
            name, path, digest = line.split(" ")
            with open(path, "rb") as f:
                assert hashlib.sha256(f.read()).hexdigest() == digest, path
            llm = Llama(model_path=path, n_ctx=256, n_batch=256, n_ubatch=256, n_threads=2,
                        logits_all=True, verbose=False)
            cases = []
            for text in PROMPTS:
                tokens = llm.tokenize(text.encode("utf-8"), add_bos=True, special=False)
                positions = llama_logits.positions(llm, tokens, TOP)
                cases.append({"text": text, "tokens": [int(t) for t in tokens], "positions": positions})
            del llm
            out = os.path.join(OUT, name + ".json")
            with open(out, "w") as f:
                json.dump({"model": name, "sha256": digest, "top": TOP, "cases": cases}, f,
                          indent=1, ensure_ascii=False)
                f.write("\n")
            print(out, [len(c["tokens"]) for c in cases], file=sys.stderr)


if __name__ == "__main__":
    main()
