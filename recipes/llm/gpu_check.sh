#!/usr/bin/env bash
# GPU validation of the LLM recipes (issue 8): SFT 200 steps, LoRA save/reload/merge, GRPO on
# arithmetic, and SFT throughput/MFU against the plain transformers baseline, all within ~8 minutes.
# Run from the repository root on the device machine:  bash recipes/llm/gpu_check.sh
# Results: $OUT/gpu_check.json, $OUT/gpu_check.md, $OUT/log.txt (and nvidia-smi.txt).
# Extra arguments go to gpu_check.py (e.g. --only bench, --cpu-tiny for a CPU dry run).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="${OUT:-$PWD/gpu_check_out}"
PY="${PYTHON:-python3}"
mkdir -p "$OUT"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 TOKENIZERS_PARALLELISM=false PYTHONUNBUFFERED=1
export TORCHINDUCTOR_CACHE_DIR="${TORCHINDUCTOR_CACHE_DIR:-/tmp/llm_gpu_check_inductor}"
nvidia-smi >"$OUT/nvidia-smi.txt" 2>&1 || true
"$PY" -c 'import torch, transformers, peft; print("torch", torch.__version__, "transformers", transformers.__version__, "peft", peft.__version__, "cuda", torch.cuda.is_available())' 2>&1 | tee "$OUT/log.txt"
# hard stop (default 470 s, GPU_CHECK_TIMEOUT to change); the script itself stops starting
# sections after --budget-s (default 450) and rewrites its results after every section
timeout -k 10 "${GPU_CHECK_TIMEOUT:-470}" "$PY" "$HERE/gpu_check.py" --out "$OUT" "$@" 2>&1 | tee -a "$OUT/log.txt"
status=${PIPESTATUS[0]}
echo "gpu_check exit $status" | tee -a "$OUT/log.txt"
exit "$status"
