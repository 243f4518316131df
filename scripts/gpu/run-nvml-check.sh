#!/usr/bin/env bash
# Runs the NVML check on this GPU host: first an idle window, then a window under a steady GPU
# load (PyTorch, CuPy, the bundled CUDA C program, or one built here with nvcc: the first that
# works), and writes the check's JSON. Run it from the bundle that build-nvml-check.sh made.
#
# usage: ./run-nvml-check.sh [--output FILE] [--window-seconds S] [--idle-seconds S] [-- CHECK-ARGS...]
#   --output          the loaded window's JSON (default nvml-check.json; the idle one beside it,
#                     FILE with -idle before .json)
#   --window-seconds  the loaded window (default 12); the load runs 8 s longer
#   --idle-seconds    the idle window before the load (default 5; 0 skips it)
#   CHECK-ARGS        passed to bin/nvml-check (e.g. --spark-addresses 0 --cuda-visible-devices GPU-...)
# Takes well under 3 minutes. Exit code: that of the loaded window's check.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
output=nvml-check.json
window=12
idle=5
warmup=4
probe=2
while (($#)); do
  case "$1" in
    --output) output=${2:?--output needs a file}; shift 2 ;;
    --window-seconds) window=${2:?--window-seconds needs a number}; shift 2 ;;
    --idle-seconds) idle=${2:?--idle-seconds needs a number}; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
idle_output="${output%.json}-idle.json"
load_seconds=$((warmup + window + probe + 8))
work=$(mktemp -d)
load_pid=""
cleanup() {
  [[ -n $load_pid ]] && kill "$load_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=index,name,driver_version,power.limit,temperature.gpu --format=csv >&2 || true
else
  echo "[run-nvml-check] nvidia-smi not found: the driver's independent readings will be missing" >&2
fi

load=()
description=""
python=$(command -v python3 || true)
if [[ -n $python ]] && "$python" -c 'import sys, torch; sys.exit(0 if torch.cuda.is_available() else 3)' 2>/dev/null; then
  load=("$python" "$here/load/gpu_load.py" --framework torch --seconds "$load_seconds")
  description="PyTorch $("$python" -c 'import torch; print(torch.__version__)') float32 8192x8192 matmul loop"
elif [[ -n $python ]] && "$python" -c 'import cupy; assert cupy.cuda.runtime.getDeviceCount() > 0' 2>/dev/null; then
  load=("$python" "$here/load/gpu_load.py" --framework cupy --seconds "$load_seconds")
  description="CuPy $("$python" -c 'import cupy; print(cupy.__version__)') float32 8192x8192 matmul loop"
elif [[ -x $here/load/gpu-load ]] && "$here/load/gpu-load" --check; then
  load=("$here/load/gpu-load" "$load_seconds")
  description="bundled CUDA C tiled float32 4096x4096 matmul loop"
elif command -v nvcc >/dev/null 2>&1 && nvcc -O3 -o "$work/gpu-load" "$here/load/gpu_load.cu" && "$work/gpu-load" --check; then
  load=("$work/gpu-load" "$load_seconds")
  description="CUDA C tiled float32 4096x4096 matmul loop built here with $(nvcc --version | tail -1)"
else
  echo "[run-nvml-check] warning: no way to load the GPU (no PyTorch, CuPy, usable bundled program or nvcc);" \
       "the window is measured idle" >&2
fi

if ((idle > 0)); then
  echo "[run-nvml-check] idle window of ${idle} s" >&2
  timeout 60 "$here/bin/nvml-check" --window-seconds "$idle" --probe-seconds 0 --load "none (idle)" \
    --output "$idle_output" "$@" || echo "[run-nvml-check] the idle check failed (exit $?)" >&2
fi

if ((${#load[@]})); then
  echo "[run-nvml-check] load: $description" >&2
  "${load[@]}" > "$work/load.log" 2>&1 &
  load_pid=$!
  sleep "$warmup"
  if ! kill -0 "$load_pid" 2>/dev/null; then
    echo "[run-nvml-check] warning: the load ended early: $(tail -3 "$work/load.log")" >&2
    description="$description (ended before the window)"
  fi
else
  description="none (no load could be started)"
fi

echo "[run-nvml-check] loaded window of ${window} s" >&2
timeout 120 "$here/bin/nvml-check" --window-seconds "$window" --probe-seconds "$probe" --load "$description" \
  --output "$output" "$@"
status=$?
if [[ -n $load_pid ]]; then
  wait "$load_pid" 2>/dev/null
  load_pid=""
  cat "$work/load.log" >&2
fi
exit "$status"
