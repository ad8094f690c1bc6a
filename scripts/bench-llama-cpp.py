#!/usr/bin/env python3
"""llama.cpp's side of `make bench`: one model, given token ids, prompt processing timed.

    bench-llama-cpp.py MODEL.gguf IDS_JSON_FILE [REPEATS]
IDS_JSON_FILE holds {"32": [ids...], "128": [...], ...}. Prints one JSON object: load seconds,
median prompt-processing seconds per length (warm, logits for every position, as lenscribe
computes them), and peak RSS in bytes of this process (Python + llama.cpp).
Uses llama-cpp-python 0.3.36 from the reference venv (make reference-venv), 2 threads.
"""
import json
import resource
import statistics
import sys
import time

from llama_cpp import Llama


def peak_rss():
    """VmHWM of this process (ru_maxrss would include the parent's peak: Linux keeps it across exec)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def main():
    model, ids_file = sys.argv[1], sys.argv[2]
    repeats = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    prompts = json.load(open(ids_file))
    longest = max(len(v) for v in prompts.values())
    start = time.perf_counter()
    llm = Llama(model_path=model, n_ctx=longest + 8, n_batch=longest, n_ubatch=longest,
                n_threads=2, n_threads_batch=2, logits_all=True, verbose=False)
    load = time.perf_counter() - start
    result = {"load": load, "prompt": {}}
    for length, ids in sorted(prompts.items(), key=lambda kv: int(kv[0])):
        times = []
        for _ in range(repeats + 1):  # the first run warms up and is not counted
            llm.reset()
            llm._ctx.kv_cache_clear() if hasattr(llm._ctx, "kv_cache_clear") else None
            t = time.perf_counter()
            llm.eval(ids)
            times.append(time.perf_counter() - t)
        result["prompt"][length] = statistics.median(times[1:])
    result["peak_rss"] = peak_rss()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
