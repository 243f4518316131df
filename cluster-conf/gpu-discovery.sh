#!/usr/bin/env bash
# Spark GPU discovery script (spark.{driver,executor,worker}.resource.gpu.discoveryScript).
# Prints the GPUs this process may use as Spark's ResourceInformation JSON:
#   {"name": "gpu", "addresses": ["0", "1"]}
# Addresses are CUDA ordinals of the visible devices, numbered from 0: what ND4J's CUDA backend
# and the energy plugin's NVML reader (which maps them through CUDA_VISIBLE_DEVICES) expect.
# - CUDA_VISIBLE_DEVICES set (YARN's GPU isolation, Kubernetes device plugins, a standalone worker
#   started with it): the listed devices, numbered 0..n-1. nvidia-smi ignores that variable and
#   would list every GPU of the host, so it is not asked.
# - Otherwise: every GPU nvidia-smi lists.
# - Neither: no GPU (an empty list; Spark then refuses to start an executor that asked for one,
#   with a message naming this script).
set -euo pipefail

emit() {
  local count=$1 addresses="" i
  for ((i = 0; i < count; i++)); do
    addresses+="${addresses:+, }\"$i\""
  done
  echo "{\"name\": \"gpu\", \"addresses\": [$addresses]}"
}

if [[ -n ${CUDA_VISIBLE_DEVICES+set} ]]; then
  # "" and "-1" hide every device; otherwise a comma-separated list of indexes or UUIDs.
  if [[ -z $CUDA_VISIBLE_DEVICES || $CUDA_VISIBLE_DEVICES == -1 || $CUDA_VISIBLE_DEVICES == NoDevFiles ]]; then
    emit 0
  else
    IFS=, read -ra visible <<<"$CUDA_VISIBLE_DEVICES"
    emit "${#visible[@]}"
  fi
elif command -v nvidia-smi >/dev/null 2>&1; then
  emit "$(nvidia-smi --query-gpu=index --format=csv,noheader | grep -c .)"
else
  emit 0
fi
