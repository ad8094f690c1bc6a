#!/usr/bin/env python3
"""Writes what the `gguf` Python package (the reference reader) reports about the real models.

Run with the project venv (make venv):
    ~/.cache/lenscribe/venv/bin/python scripts/make-gguf-goldens.py
Writes Tests/EngineTests/Fixtures/gguf/<model>.json: tensor count, names, shapes (ggml order),
types, byte counts and data offsets, and every metadata value (arrays by element type, count and
their first 8 elements, as `lenscribe inspect --json` shows them).
"""
import json
import os
import sys

from gguf import GGUFReader, GGUFValueType

CACHE = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "lenscribe", "models")
MODELS = {
    "smollm2-135m": "SmolLM2-135M-Instruct.Q4_1.gguf",
    "gemma3-270m": "gemma-3-270m-q4_k_m.gguf",
}
PREVIEW = 8
OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "EngineTests", "Fixtures", "gguf")


def plain(value):
    """numpy scalars and arrays to JSON values."""
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def field_entry(field):
    kind = GGUFValueType(field.types[0])
    entry = {"type": kind.name}
    value = field.contents()
    if kind == GGUFValueType.ARRAY:
        entry["elementType"] = GGUFValueType(field.types[-1]).name if len(field.types) > 1 else None
        entry["count"] = len(field.data)
        value = value[:PREVIEW]
    entry["value"] = plain(value)
    return entry


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, file_name in MODELS.items():
        reader = GGUFReader(os.path.join(CACHE, file_name))
        metadata = {}
        for key, field in reader.fields.items():
            if key.startswith("GGUF."):
                continue  # header pseudo-fields (version, counts)
            metadata[key] = field_entry(field)
        tensors = [
            {
                "name": t.name,
                "shape": [int(d) for d in t.shape],
                "type": t.tensor_type.name,
                "bytes": int(t.n_bytes),
                "offset": int(t.data_offset),
            }
            for t in reader.tensors
        ]
        golden = {"tensorCount": len(tensors), "tensors": tensors, "metadata": metadata}
        path = os.path.join(OUT, name + ".json")
        with open(path, "w") as out:
            json.dump(golden, out, indent=1, sort_keys=True, ensure_ascii=False)
            out.write("\n")
        print(f"{path}: {len(tensors)} tensors, {len(metadata)} metadata keys", file=sys.stderr)


if __name__ == "__main__":
    main()
