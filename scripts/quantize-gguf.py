#!/usr/bin/env python3
"""Quantizes a GGUF file with llama.cpp's own quantizer (llama-cpp-python 0.3.36).

    quantize-gguf.py IN.gguf OUT.gguf [TYPE]      TYPE: Q4_K_M (default), Q5_K_M, Q6_K, Q8_0
`lenscribe-bench scale` uses it to turn its generated Q8_0 Llama-2-7B-shaped file into the
Q4_K_M file people download. Requantizing is allowed: the Q8_0 input is the generator's
storage, not a lossy step anyone would take with real weights. Writes OUT atomically.
"""
import ctypes
import os
import sys

import llama_cpp


def main():
    source, target = sys.argv[1], sys.argv[2]
    name = sys.argv[3] if len(sys.argv) > 3 else "Q4_K_M"
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = getattr(llama_cpp, "LLAMA_FTYPE_MOSTLY_" + name)
    params.nthread = os.cpu_count() or 2
    params.allow_requantize = True
    partial = target + ".partial"
    status = llama_cpp.llama_model_quantize(
        source.encode(), partial.encode(), ctypes.byref(params))
    if status != 0:
        if os.path.exists(partial):
            os.remove(partial)
        sys.exit(f"quantize-gguf: llama.cpp could not quantize {source} (status {status})")
    os.replace(partial, target)


if __name__ == "__main__":
    main()
