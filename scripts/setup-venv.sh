#!/usr/bin/env bash
# Makes the Python venv used by scripts that regenerate committed goldens and by `make bench`.
#   setup-venv.sh VENV           gguf, numpy, safetensors
#   setup-venv.sh VENV --llama   and llama-cpp-python 0.3.36, built from source (~25 min)
# Never used by `make test`. The build flags avoid AMX/native code that dies with SIGILL on
# machines that advertise instructions they cannot run.
set -euo pipefail
venv="$1"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -c 'import gguf, numpy, safetensors' 2>/dev/null ||
  "$venv/bin/pip" install --quiet gguf==0.19.0 numpy safetensors
if [ "${2:-}" = "--llama" ]; then
  "$venv/bin/python" -c 'import llama_cpp' 2>/dev/null || {
    echo "building llama-cpp-python 0.3.36 from source (about 25 minutes on 2 cores)" >&2
    CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=ON -DGGML_AVX512_VNNI=ON -DGGML_AMX_TILE=OFF -DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF" \
      "$venv/bin/pip" install llama-cpp-python==0.3.36
  }
fi
