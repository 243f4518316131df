#!/usr/bin/env bash
# Spark GPU discovery script (spark.{driver,executor,worker}.resource.gpu.discoveryScript).
# Prints the GPUs this process may use as Spark's ResourceInformation JSON:
#   {"name": "gpu", "addresses": ["0", "1"]}
# Addresses are CUDA ordinals of the visible devices (what ND4J's CUDA backend and NVML-through-
# CUDA_VISIBLE_DEVICES resolution in the energy plugin expect). With CUDA_VISIBLE_DEVICES set
# (YARN and Kubernetes device plugins set it) the visible devices are numbered 0..n-1.
set -euo pipefail

if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo '{"name": "gpu", "addresses": []}'
  exit 0
fi
count=$(nvidia-smi --query-gpu=index --format=csv,noheader | wc -l)
addresses=""
for ((i = 0; i < count; i++)); do
  addresses+="${addresses:+, }\"$i\""
done
echo "{\"name\": \"gpu\", \"addresses\": [$addresses]}"
