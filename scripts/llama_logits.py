"""llama.cpp's logits at every position of one prompt, as the golden fixtures store them.

Shared by make-forward-goldens.py and make-oracle-goldens.py (reference venv only).
"""
import numpy as np


def positions(llm, tokens, top):
    """Runs `tokens` through `llm` (logits_all=True) and returns, per position, the `top` ids
    and logits (ties kept in id order) and the log-sum-exp of the whole row."""
    llm.reset()
    llm.eval(tokens)
    result = []
    for i in range(len(tokens)):
        row = np.asarray(llm.scores[i], dtype=np.float64)
        best = np.argsort(-row, kind="stable")[:top]
        peak = row.max()
        lse = float(peak + np.log(np.exp(row - peak).sum()))
        result.append({
            "ids": [int(t) for t in best],
            "logits": [round(float(row[t]), 5) for t in best],
            "logsumexp": round(lse, 5),
        })
    return result
