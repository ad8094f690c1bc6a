#!/usr/bin/env python3
"""Writes the committed golden files of the tensor-format tests (Tests/EngineTests/Quant).

For every tensor type lenscribe decodes, it stores raw blocks and the floats that the `gguf`
package's reference dequantizer (`gguf.quants.dequantize`, a port of ggml's) makes of them:

  Tests/EngineTests/Fixtures/quant/<case>.blocks   the raw blocks, as stored in a GGUF file
  Tests/EngineTests/Fixtures/quant/<case>.f32      the expected values, little-endian float32
  Tests/EngineTests/Fixtures/quant/manifest.json   the cases: type, block count, source

Blocks come from the real models where they hold the type (SmolLM2: Q4_1, Q8_0, F32; Gemma:
Q4_K, Q6_K, Q5_0, Q8_0), picked at seeded random positions in named tensors, and from a seeded
random generator for every type (random code bytes, finite f16 scales including zero,
negative, subnormal and the largest ones); IQ4_NL and IQ4_XS have random blocks only.

Run with the project venv (`make venv`), from the repository root:
  ~/.cache/lenscribe/venv/bin/python scripts/make-quant-goldens.py
Output is deterministic: running it twice gives the same bytes.
"""

import json
import os
import sys

import numpy as np
from gguf import GGMLQuantizationType as T
from gguf import GGUFReader
from gguf.constants import GGML_QUANT_SIZES
from gguf.quants import dequantize

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "EngineTests", "Fixtures", "quant")
CACHE = os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "lenscribe", "models")
MODELS = {
    "smollm2-135m": "SmolLM2-135M-Instruct.Q4_1.gguf",
    "gemma3-270m": "gemma-3-270m-q4_k_m.gguf",
}

# Byte offsets of the f16 fields in one block of each quantized type.
HALF_OFFSETS = {
    T.Q4_0: [0], T.Q4_1: [0, 2], T.Q5_0: [0], T.Q5_1: [0, 2], T.Q8_0: [0],
    T.Q2_K: [80, 82], T.Q3_K: [108], T.Q4_K: [0, 2], T.Q5_K: [0, 2], T.Q6_K: [208],
    T.IQ4_NL: [0], T.IQ4_XS: [0],
}
TYPES = [T.F32, T.F16, T.BF16, T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q8_0,
         T.Q2_K, T.Q3_K, T.Q4_K, T.Q5_K, T.Q6_K, T.IQ4_NL, T.IQ4_XS]
# (model, tensor, type): real blocks.
REAL = [
    ("smollm2-135m", "blk.0.attn_norm.weight", T.F32),
    ("smollm2-135m", "blk.3.ffn_down.weight", T.Q4_1),
    ("smollm2-135m", "token_embd.weight", T.Q8_0),
    ("gemma3-270m", "blk.0.attn_output.weight", T.Q4_K),
    ("gemma3-270m", "blk.0.ffn_down.weight", T.Q6_K),
    ("gemma3-270m", "blk.0.ffn_gate.weight", T.Q5_0),
    ("gemma3-270m", "token_embd.weight", T.Q8_0),
]
# The seed of the first real case; the others follow it. Each random case is seeded by its
# type, so adding a type moves no existing case.
REAL_SEED = 13
# Values per case: enough blocks to meet every code and scale, small enough to commit.
VALUES = 4096


def special_halves(rng, count):
    """Finite f16 scales: mostly ordinary, some zero, negative, subnormal, tiny and huge."""
    values = (rng.standard_normal(count) * 0.02).astype(np.float16)
    specials = np.array([0.0, -0.0, 6.0e-8, -6.0e-8, 3.0e-5, 65504.0, -65504.0, 1.0, -1.0],
                        dtype=np.float16)
    picks = rng.random(count) < 0.15
    values[picks] = specials[rng.integers(0, len(specials), picks.sum())]
    return values


def random_blocks(qtype, rng):
    block_size, type_size = GGML_QUANT_SIZES[qtype]
    count = VALUES // block_size
    if qtype == T.F32:
        values = (rng.standard_normal(count) * 0.05).astype(np.float32)
        values[:4] = [0.0, -0.0, 1.0e-40, -3.0e38]  # zeros, a subnormal, a huge value
        return values.view(np.uint8)
    if qtype == T.F16:
        values = special_halves(rng, count)
        values[:4] = [0.0, -0.0, 6.0e-8, 65504.0]
        return values.view(np.uint8)
    if qtype == T.BF16:
        bits = rng.integers(0, 1 << 16, count, dtype=np.uint32).astype(np.uint16)
        exponent = (bits >> 7) & 0xFF
        bits[exponent == 0xFF] &= 0xBFFF  # no infinities or NaNs: clear the top exponent bit
        return bits.view(np.uint8)
    blocks = rng.integers(0, 256, (count, type_size), dtype=np.uint16).astype(np.uint8)
    for offset in HALF_OFFSETS[qtype]:
        halves = special_halves(rng, count)
        blocks[:, offset:offset + 2] = halves.view(np.uint8).reshape(count, 2)
    return blocks.reshape(-1)


def real_blocks(reader, name, qtype, rng):
    tensor = next(t for t in reader.tensors if t.name == name)
    assert tensor.tensor_type == qtype, (name, tensor.tensor_type)
    block_size, type_size = GGML_QUANT_SIZES[qtype]
    raw = np.asarray(tensor.data).view(np.uint8).reshape(-1, type_size)
    count = min(VALUES // block_size, raw.shape[0])
    picks = np.sort(rng.choice(raw.shape[0], size=count, replace=False))
    if count == raw.shape[0]:
        picks = np.arange(count)
    return raw[picks].reshape(-1), [int(i) for i in picks]


def expected(blocks, qtype):
    block_size, type_size = GGML_QUANT_SIZES[qtype]
    rows = blocks.reshape(1, -1)
    values = dequantize(rows, qtype).astype(np.float32, copy=False).reshape(-1)
    assert values.size == blocks.size // type_size * block_size
    return values


def write(name, blocks, values):
    with open(os.path.join(OUT, name + ".blocks"), "wb") as f:
        f.write(blocks.tobytes())
    with open(os.path.join(OUT, name + ".f32"), "wb") as f:
        f.write(values.astype("<f4").tobytes())


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = []
    for qtype in TYPES:
        rng = np.random.default_rng(int(qtype))
        blocks = random_blocks(qtype, rng)
        name = "random-" + qtype.name
        write(name, blocks, expected(blocks, qtype))
        cases.append({"name": name, "type": qtype.name, "source": "random",
                      "blocks": blocks.size // GGML_QUANT_SIZES[qtype][1]})
    readers = {}
    for index, (model, tensor, qtype) in enumerate(REAL):
        path = os.path.join(CACHE, MODELS[model])
        if not os.path.exists(path):
            sys.exit(f"{path} is missing: run `lenscribe models fetch {model}` first")
        reader = readers.setdefault(model, GGUFReader(path))
        rng = np.random.default_rng(REAL_SEED + index)
        blocks, picks = real_blocks(reader, tensor, qtype, rng)
        name = f"{model}-{qtype.name}"
        write(name, blocks, expected(blocks, qtype))
        cases.append({"name": name, "type": qtype.name, "source": model, "tensor": tensor,
                      "blocks": len(picks), "blockIndices": picks})
    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump({"generator": "scripts/make-quant-goldens.py",
                   "reference": "gguf.quants.dequantize (gguf 0.19.0)",
                   "cases": cases}, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {len(cases)} cases to {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
