#!/usr/bin/env python3
"""llama.cpp's side of `lenscribe-bench scale`: one whole process that loads a model and
evaluates one prompt with logits for every position, as `lenscribe trace` computes them.

    llama-cpp-run.py MODEL.gguf PROMPT_FILE
Prints the number of tokens (BOS included). The bench times the process from outside and
reads its peak RSS from wait4, so Python's start-up and the model's load are counted, as
lenscribe's are. Uses llama-cpp-python 0.3.36 from the reference venv, 2 threads.
"""
import sys

from llama_cpp import Llama


def main():
    model, prompt_file = sys.argv[1], sys.argv[2]
    text = open(prompt_file, encoding="utf-8").read()
    llm = Llama(model_path=model, n_ctx=512, n_batch=512, n_ubatch=512, n_threads=2,
                n_threads_batch=2, logits_all=True, verbose=False)
    ids = llm.tokenize(text.encode("utf-8"), add_bos=True)
    llm.eval(ids)
    print(len(ids))


if __name__ == "__main__":
    main()
