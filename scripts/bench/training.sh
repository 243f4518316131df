#!/usr/bin/env bash
# Training throughput and accuracy of the engines, in one run, interleaved: single-JVM DL4J (1 and
# 2 native threads), DL4J's parameter averaging (dl4j-paramavg) and our allreduce engine (gradient
# averaging every step, and local SGD every 5 steps), 2 workers in local[2], on the Ames example's
# own minibatch files, for the example's network (Dense 64) and a compute-bound one (1024, 1024).
# Writes its section of docs/benchmarks.md (between its markers; other sections stay as they are).
#
#   scripts/bench/training.sh [PAIRS] [EPOCHS_SMALL] [EPOCHS_WIDE]      (default 2 10 3)
#
# Environment: MVN_FLAGS extra Maven flags (e.g. -o to build offline).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
pairs=${1:-2}
epochs_small=${2:-10}
epochs_wide=${3:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck disable=SC2086
(cd "$root" && mvn -B -q ${MVN_FLAGS:-} -pl training -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=test) >&2

echo "[bench] preparing the Ames minibatch files (clean, convert)" >&2
"$root/scripts/greentrain" clean --config "$root/data/ames/ames-housing.conf" --input "$root/data/ames/ames_housing.csv" \
  --output "$work/ames" > "$work/prepare.log" 2>&1
"$root/scripts/greentrain" convert --config "$root/data/ames/ames-housing.conf" --input "$root/data/ames/ames_housing.csv" \
  --output "$work/ames" >> "$work/prepare.log" 2>&1
train="$work/ames/minibatches/train"
validation="$work/ames/minibatches/validation"

opens=$(sed -n 's:.*<java17.opens>\(.*\)</java17.opens>.*:\1:p' "$root/pom.xml")
classpath="$root/training/target/test-classes:$root/training/target/classes:$(cat "$work/classpath.txt")"
bench() {
  # shellcheck disable=SC2086
  SPARK_LOCAL_IP=127.0.0.1 java -Xmx6g $opens -cp "$classpath" \
    -Dorg.deeplearning4j.spark.time.TimeSource=org.deeplearning4j.spark.time.SystemClockTimeSource \
    -Dlog4j2.configurationFile="$root/scripts/log4j2-local.properties" \
    io.greentrain.training.bench.TrainingBenchmark "$@" 2>/dev/null | grep -E '^[a-z_]+='
}

bench gemm 1 > "$work/gemm-1.txt"
bench gemm 2 > "$work/gemm-2.txt"
results="$work/results.tsv"
for pair in $(seq 1 "$pairs"); do
  for model in small wide; do
    if [[ $model == small ]]; then hidden=64; epochs=$epochs_small; else hidden=1024,1024; epochs=$epochs_wide; fi
    for arm in single-1 single-2 dl4j-paramavg allreduce allreduce-local-sgd; do
      echo "[bench] pair $pair, $model, $arm" >&2
      case "$arm" in
        single-*) out=$(bench single "${arm#single-}" "$train" "$validation" "$hidden" "$epochs") ;;
        *) out=$(bench spark "$arm" 2 "$train" "$validation" "$hidden" "$epochs") ;;
      esac
      printf '%s\t%s\t%s\t%s\n' "$model" "$arm" "$pair" "$(echo "$out" | paste -sd' ')" >> "$results"
    done
  done
done

PYTHONPATH="$root/scripts/bench" python3 - "$root/docs/benchmarks.md" "$results" "$work/gemm-1.txt" "$work/gemm-2.txt" "$pairs" \
  "$epochs_small" "$epochs_wide" <<'PY'
from benchmarks_md import replace_section
import datetime, os, platform, statistics, sys
path, results, gemm1, gemm2, pairs, epochs_small, epochs_wide = sys.argv[1:]
def kv(text):
    return dict(item.split("=", 1) for item in text.split() if "=" in item)
peak = {1: float(kv(open(gemm1).read())["gemm_gflops"]), 2: float(kv(open(gemm2).read())["gemm_gflops"])}
rows = {}
for line in open(results):
    model, arm, pair, values = line.rstrip("\n").split("\t")
    rows.setdefault((model, arm), []).append({k: float(v) for k, v in kv(values).items()})
arms = ["single-1", "single-2", "dl4j-paramavg", "allreduce", "allreduce-local-sgd"]
names = {"single-1": "one JVM, 1 thread", "single-2": "one JVM, 2 threads", "dl4j-paramavg": "dl4j-paramavg, 2 workers",
         "allreduce": "allreduce (gradient every step), 2 workers", "allreduce-local-sgd": "allreduce (local SGD, every 5 steps), 2 workers"}
lines = ["<!-- bench:training -->", "## Training engines (Ames minibatch files)", "",
         f"Written by `scripts/bench/training.sh` on {datetime.date.today()} ({os.cpu_count()} cores, {platform.machine()}); "
         f"{pairs} interleaved rounds of every arm, medians shown. Adam 1e-3, l2 0.01, batch 32 per worker, the example's "
         f"2,001 training examples; {epochs_small} epochs for Dense 64, {epochs_wide} for Dense 1024-1024. Spark arms run "
         "in local[2]. CPU is the whole process's CPU time per epoch. Model FLOP utilisation: 6 x parameters FLOPs per "
         f"example against ND4J's measured float32 GEMM peak ({peak[1]:.1f} GFLOP/s on 1 thread, {peak[2]:.1f} on 2).", ""]
for model, title in (("small", "Dense 64 (the example's network)"), ("wide", "Dense 1024-1024 (compute-bound)")):
    if not any((model, arm) in rows for arm in arms):
        continue
    params = int(rows[(model, "single-1")][0]["parameters"])
    lines += [f"### {title}: {params:,} parameters", "",
              "| arm | examples/s | CPU s/epoch | validation MSE | model FLOP utilisation | throughput vs best one-JVM |",
              "|---|---|---|---|---|---|"]
    med = {arm: {k: statistics.median(r[k] for r in rows[(model, arm)]) for k in rows[(model, arm)][0]}
           for arm in arms if (model, arm) in rows}
    best_single = max(med[a]["examples_per_s"] for a in ("single-1", "single-2"))
    for arm in arms:
        m = med[arm]
        threads = 1 if arm == "single-1" else 2
        mfu = m["flops_per_s"] / (peak[threads] * 1e9)
        lines.append(f"| {names[arm]} | {m['examples_per_s']:,.0f} | {m['cpu_s_per_epoch']:.2f} | {m['validation_mse']:.4f} "
                     f"| {mfu:.1%} | {m['examples_per_s'] / best_single:.2f}x |")
    scaling = med["allreduce"]["examples_per_s"] / (2 * med["single-1"]["examples_per_s"])
    ratio = med["allreduce"]["examples_per_s"] / med["dl4j-paramavg"]["examples_per_s"]
    bytes_per_step = 4 * params
    model_lines = []
    for gbit in (10, 25):
        bandwidth = gbit * 1e9 / 8
        for n in (8, 32, 128):
            model_lines.append(f"{n} workers at {gbit} Gbit/s: {2 * (n - 1) / n * bytes_per_step / bandwidth * 1e3:.2f} ms")
    lines += ["", f"Scaling efficiency of allreduce at 2 workers (throughput / (2 x one JVM on one thread)): {scaling:.2f}; "
              f"allreduce against dl4j-paramavg: {ratio:.2f}x. Ring allreduce per step moves 2(N-1)/N of the gradient "
              f"({bytes_per_step / 1e6:.2f} MB) per worker; bandwidth alone, with no latency or overlap, gives "
              + "; ".join(model_lines) + " per step.", ""]
lines += ["<!-- /bench:training -->", ""]
section = "\n".join(lines)
replace_section(path, "training", section)
print(section)
PY
