#!/usr/bin/env bash
# Training throughput and accuracy of the engines, in one run, interleaved: single-JVM DL4J (1 and
# 2 native threads, and for (a) and (b) 2 threads with OpenMP's spinning wait; and 1 thread at batch
# 64, the two workers' combined batch, for the like-for-like accuracy comparison), DL4J's parameter
# averaging (dl4j-paramavg) and our allreduce engine (gradient averaging every step, and local SGD
# every 5 steps; for (b) also writing a checkpoint every epoch, as the train job does), 2 workers in
# local[2], for (a) the Ames example's network (Dense 64) and (b) a
# compute-bound one (Dense 1024-1024) on the example's own minibatch files, and (c) the example's
# character LSTM on sequences the script cuts from the repository's own Markdown. Every arm reports
# its first epoch apart and its steady state over the epochs after it. A loopback ring times the
# allreduce's latency and time per MB for the scaling model. A contention arm starts two one-thread
# JVMs at once (no Spark, no exchange): what two replicas on the two cores cost each other. The
# allreduce arm prints the engine's own account of its epochs (steps, sums, per-epoch parts), from
# which the section explains each model's shortfall against its goal. Writes its section of
# docs/benchmarks.md (between its markers; other sections stay as they are).
#
#   scripts/bench/training.sh [PAIRS] [EPOCHS_SMALL] [EPOCHS_WIDE] [EPOCHS_LSTM]     (default 2 10 4 3)
#
# Environment: MVN_FLAGS extra Maven flags (e.g. -o to build offline); OMP_WAIT_POLICY (default
# PASSIVE, see the section's text); MODELS, the models to run (default "small wide lstm"; a quick
# check of the script, since the section then lacks the others).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
pairs=${1:-2}
epochs_small=${2:-10}
epochs_wide=${3:-4}
epochs_lstm=${4:-3}
# libgomp's default (ACTIVE) spins idle OpenMP threads; on cores shared with anything else that
# wait steals the cores the work needs (see the section). Every arm runs with the same policy.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
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

opens=$(sed -n 's:.*<java17.opens>\(.*\)</java17.opens>.*:\1:p' "$root/pom.xml")
classpath="$root/training/target/test-classes:$root/training/target/classes:$(cat "$work/classpath.txt")"
bench() {
  # shellcheck disable=SC2086
  SPARK_LOCAL_IP=127.0.0.1 java -Xmx6g $opens -cp "$classpath" \
    -Dorg.deeplearning4j.spark.time.TimeSource=org.deeplearning4j.spark.time.SystemClockTimeSource \
    -Dlog4j2.configurationFile="$root/scripts/log4j2-local.properties" \
    io.greentrain.training.bench.TrainingBenchmark "$@" 2>/dev/null | grep -E '^[a-z_]+='
}

echo "[bench] preparing the character sequences" >&2
cat "$root/README.md" "$root"/docs/*.md > "$work/text.md"
bench lm-prepare "$work/text.md" "$work/lm" 1024 64 32 > "$work/lm.txt"

bench gemm 1 > "$work/gemm-1.txt"
bench gemm 2 > "$work/gemm-2.txt"
bench ring 2 4000000 > "$work/ring.txt"
results="$work/results.tsv"
for pair in $(seq 1 "$pairs"); do
  for model in ${MODELS:-small wide lstm}; do
    case "$model" in
      small) network=64; epochs=$epochs_small; data="$work/ames/minibatches" ;;
      wide) network=1024,1024; epochs=$epochs_wide; data="$work/ames/minibatches" ;;
      lstm) network=lstm; epochs=$epochs_lstm; data="$work/lm" ;;
    esac
    for arm in single-1 single-1-b64 single-1-pair single-2 single-2-spin dl4j-paramavg allreduce \
        allreduce-checkpointed allreduce-local-sgd; do
      # Spinning makes the LSTM's many small products crawl for many minutes; (a) and (b) show the effect.
      [[ $model == lstm && $arm == single-2-spin ]] && continue
      # The checkpoint's cost shows on the network whose state is largest.
      [[ $model != wide && $arm == allreduce-checkpointed ]] && continue
      echo "[bench] pair $pair, $model, $arm" >&2
      case "$arm" in
        single-2-spin) out=$(OMP_WAIT_POLICY=ACTIVE bench single 2 "$data/train" "$data/validation" "$network" "$epochs") ;;
        single-1-b64) out=$(bench single 1 "$data/train" "$data/validation" "$network" "$epochs" 2) ;;
        single-1-pair)
          # Two one-thread JVMs started together: each is a row (its own throughput), the median of them all shown.
          together="$work/together-$model-$pair"
          BENCH_TOGETHER="$together:2" bench single 1 "$data/train" "$data/validation" "$network" "$epochs" \
            > "$work/pair-0.txt" &
          first=$!
          BENCH_TOGETHER="$together:2" bench single 1 "$data/train" "$data/validation" "$network" "$epochs" \
            > "$work/pair-1.txt"
          wait "$first"
          printf '%s\t%s\t%s\t%s\n' "$model" "$arm" "$pair" "$(paste -sd' ' "$work/pair-0.txt")" >> "$results"
          out=$(cat "$work/pair-1.txt") ;;
        single-*) out=$(bench single "${arm#single-}" "$data/train" "$data/validation" "$network" "$epochs") ;;
        *) out=$(bench spark "$arm" 2 "$data/train" "$data/validation" "$network" "$epochs") ;;
      esac
      printf '%s\t%s\t%s\t%s\n' "$model" "$arm" "$pair" "$(echo "$out" | paste -sd' ')" >> "$results"
    done
  done
done

PYTHONPATH="$root/scripts/bench" python3 - "$root/docs/benchmarks.md" "$results" "$work" "$pairs" \
  "$epochs_small" "$epochs_wide" "$epochs_lstm" "$OMP_WAIT_POLICY" <<'PY'
from benchmarks_md import replace_section
import datetime, os, platform, statistics, sys
path, results, work, pairs, epochs_small, epochs_wide, epochs_lstm, policy = sys.argv[1:]
def kv(text):
    return dict(item.split("=", 1) for item in text.split() if "=" in item)
def read(name):
    return {k: float(v) for k, v in kv(open(os.path.join(work, name)).read()).items()}
peak = {1: read("gemm-1.txt")["gemm_gflops"], 2: read("gemm-2.txt")["gemm_gflops"]}
ring, lm = read("ring.txt"), read("lm.txt")
rows = {}
for line in open(results):
    model, arm, pair, values = line.rstrip("\n").split("\t")
    rows.setdefault((model, arm), []).append({k: float(v) for k, v in kv(values).items()})
arms = ["single-1", "single-1-b64", "single-1-pair", "single-2", "single-2-spin", "dl4j-paramavg", "allreduce", "allreduce-checkpointed",
        "allreduce-local-sgd"]
names = {"single-1": "one JVM, 1 thread", "single-1-b64": "one JVM, 1 thread, batch 64 (the 2 workers' combined batch)",
         "single-1-pair": "one JVM, 1 thread, two such JVMs at once (each; no Spark, no exchange)",
         "single-2": "one JVM, 2 threads",
         "single-2-spin": "one JVM, 2 threads, OpenMP spinning (OMP_WAIT_POLICY=ACTIVE)",
         "dl4j-paramavg": "dl4j-paramavg, 2 workers", "allreduce": "allreduce (gradient every step), 2 workers",
         "allreduce-checkpointed": "allreduce (gradient every step), 2 workers, a checkpoint every epoch",
         "allreduce-local-sgd": "allreduce (local SGD, every 5 steps), 2 workers"}
# Per exchange: a sum on a ring of N workers is 2 (N - 1) exchanges with the neighbours.
exchange_ms = ring["ring_latency_ms"] / (2 * (ring["ring_workers"] - 1))
lines = ["<!-- bench:training -->", "## Training engines", "",
         f"Written by `scripts/bench/training.sh` on {datetime.date.today()} ({os.cpu_count()} cores, {platform.machine()}); "
         f"{pairs} interleaved round(s) of every arm, medians shown. Batch 32 per worker (and for one JVM). Throughput and CPU "
         "are the steady state: the epochs after the first, whose time (listing files, building replicas, loading "
         "minibatches, JIT warm-up) is shown apart. CPU is the whole process's CPU time per steady epoch. Spark arms run "
         f"in local[2]. Two workers of batch 32 take steps of 64 examples: the one-JVM arm at batch 64 is the "
         "like-for-like accuracy comparison (the batch-32 arms take twice the updates per epoch), and the best "
         "one-JVM configuration counts it too. "
         f"OpenMP waits with OMP_WAIT_POLICY={policy} except in the spinning arm. Model FLOP utilisation: "
         "6 x parameters FLOPs per example (per token for the LSTM) against ND4J's measured float32 GEMM peak "
         f"({peak[1]:.1f} GFLOP/s on 1 thread, {peak[2]:.1f} on 2). Scaling efficiency: throughput of 2 workers / "
         "(2 x one JVM on one thread).", "",
         # Measured once by hand (timestamps and per-thread CPU in the epoch loop and the tasks), not by this script.
         "Where the engine's per-epoch fixed cost went (profiled on 2026-12-07 in local[2], a steady epoch, with "
         "timestamps and per-thread CPU, on a machine shared with other builds: CPU seconds are the reliable figures). "
         "Dense 64: 0.39-0.55 s of process CPU per epoch, of which the two workers' steps 0.09-0.10 s, the JIT "
         "compiler's threads 0.08-0.32 s (still compiling Spark's once-per-epoch code and the replicas' at epoch 10, "
         "on the cores the workers need), the driver's thread 0.01-0.04 s; in wall time about 25-30 ms from the "
         "stage's submission to its tasks' start, 15-30 ms from their end to the driver, and the workers' address "
         "exchange 27-37 ms before its messages went out whole with Nagle's algorithm off, 7-14 ms after (a loaded "
         "machine's figures, to be confirmed quiet). "
         "Dense 1024-1024 with a checkpoint every epoch: the driver's thread took 0.91 s of CPU per epoch, 0.64 s of it "
         "the checkpoint's model zip, 0.16 s reading worker 0's state (ND4J's array format), 0.03 s broadcasting it "
         "and 0.03 s copying the network; worker 0 took 0.06 s writing the state. Now the state moves and is "
         "checkpointed as raw floats with the configuration's JSON and a steady epoch broadcasts no state: the "
         "driver's thread takes 0.07-0.08 s (checkpoint 0.03 s, copy 0.02 s, reading 2 ms), worker 0 3 ms; in "
         "interleaved runs the process's CPU per epoch went from 3.40-3.81 s to 2.56-3.13 s checkpointed and from "
         "3.05-3.41 s to 2.72-2.73 s without, validation loss unchanged. What remains beyond the steps (1.73 s, as "
         "one JVM) is mostly the JIT compiler (0.54-0.61 s per epoch in a 4-epoch run) and the 17 MB state worker 0 "
         "returned every epoch as its task's result (about 0.1-0.4 s of wall time from the tasks' end to the driver); "
         "a state over half of Spark's direct-result limit now goes to the driver as raw floats over a socket before "
         "worker 0's task ends, which brings the stage's return near Spark's floor (shown below, measured in the same "
         "run). Each model's \"where "
         "the time goes\" below is measured in this run, by the engine itself.", ""]
models = (("small", f"(a) Dense 64 (the Ames example's network), {epochs_small} epochs", "examples/s", "validation MSE", 0.7),
          ("wide", f"(b) Dense 1024-1024 (compute-bound), same data, {epochs_wide} epochs", "examples/s", "validation MSE", 0.85),
          ("lstm", f"(c) the example's character LSTM (embedding 32, LSTM 128), {int(lm['sequences'])} sequences of "
                   f"{int(lm['length'])} characters from the repository's Markdown, vocabulary {int(lm['vocabulary'])}, "
                   f"{epochs_lstm} epochs", "tokens/s", "validation nats/token", 0.85))
for model, title, unit, loss_name, goal in models:
    shown = [arm for arm in arms if (model, arm) in rows]
    if not all(arm in shown for arm in ("single-1", "single-2", "dl4j-paramavg", "allreduce")):
        continue
    med = {arm: {k: statistics.median(r[k] for r in rows[(model, arm)]) for k in rows[(model, arm)][0]} for arm in shown}
    params = int(med["single-1"]["parameters"])
    lines += [f"### {title}: {params:,} parameters", "",
              f"| arm | {unit} | first epoch s | CPU s/epoch | {loss_name} | model FLOP utilisation | vs best one-JVM |",
              "|---|---|---|---|---|---|---|"]
    # Every one-JVM configuration on the same cores, the batch of 64 included: it trains as the two workers do.
    best_arm = max((a for a in shown if a.startswith("single-") and a != "single-1-pair"),
                   key=lambda a: med[a]["units_per_s"])
    best_single = med[best_arm]["units_per_s"]
    for arm in shown:
        m = med[arm]
        mfu = m["flops_per_s"] / (peak[1 if arm.startswith("single-1") else 2] * 1e9)
        lines.append(f"| {names[arm]} | {m['units_per_s']:,.0f} | {m['first_epoch_s']:.2f} | {m['cpu_s_per_epoch']:.2f} "
                     f"| {m['validation_loss']:.4f} | {mfu:.1%} | {m['units_per_s'] / best_single:.2f}x |")
    allreduce = med["allreduce"]["units_per_s"]
    scaling = allreduce / (2 * med["single-1"]["units_per_s"])
    against_paramavg = allreduce / med["dl4j-paramavg"]["units_per_s"]
    cpu_efficiency = med["single-1"]["cpu_s_per_epoch"] / med["allreduce"]["cpu_s_per_epoch"]
    # Two one-thread JVMs at once against one alone: what two replicas on the two cores cost each other
    # (caches, memory bandwidth, the hypervisor, JIT and GC threads) with no exchange and no Spark.
    contention = med["single-1-pair"]["units_per_s"] / med["single-1"]["units_per_s"] if "single-1-pair" in med else None
    goals = [f"scaling efficiency {scaling:.2f} (goal {goal}" + (
                 f"; two one-thread JVMs at once run at {contention:.2f} of one alone: the ceiling for 2 workers on "
                 "these 2 cores" if contention else "") + ")", f"{allreduce / best_single:.2f}x the best one-JVM "
             f"({names[best_arm]}; " + ("goal 0.9x)" if model != "small" else "no goal)"),
             f"{against_paramavg:.2f}x dl4j-paramavg" + (" (goal 3x)" if model == "small" else ""),
             f"{loss_name} {med['allreduce']['validation_loss']:.4f} against {med['single-1-b64']['validation_loss']:.4f} "
             f"for one JVM at the same batch of 64 ({med['single-1']['validation_loss']:.4f} at batch 32)"
             if "single-1-b64" in med else f"{loss_name} {med['allreduce']['validation_loss']:.4f}",
             f"CPU efficiency {cpu_efficiency:.2f} (one JVM on one thread's CPU seconds per epoch / the engine's, whole "
             "process: the work the engine adds; unlike the wall-clock ratios it does not depend on how much of the "
             "machine other processes took during the run)"]
    # One step of one worker in the steady state of the one-thread JVM: the compute an allreduce must hide or add to.
    step_ms = 32 * med["single-1"]["units_per_s"] ** -1 * (1 if model != "lstm" else lm["length"]) * 1e3
    megabytes = 4 * (params + 1) / 1e6
    model_lines = []
    for gbit in (10, 25):
        for n in (8, 32, 128):
            allreduce_ms = 2 * (n - 1) * exchange_ms + 2 * (n - 1) / n * megabytes * 8 / gbit
            model_lines.append(f"{n} at {gbit} Gbit/s: {allreduce_ms:.1f} ms, efficiency {step_ms / (step_ms + allreduce_ms):.2f}")
    # What the goal can reach here at best: a worker's step plus the loopback ring's sum of its gradient, with no
    # per-epoch cost and no overlap (DL4J hands over the gradient only after the whole backward pass).
    ring_ms = ring["ring_latency_ms"] + megabytes * ring["ring_ms_per_mb"]
    units_per_step = 2 * 32 * (1 if model != "lstm" else lm["length"])
    measured_step_ms = units_per_step / allreduce * 1e3
    goals.insert(1, f"at most {step_ms / (step_ms + ring_ms):.2f} on this machine from the measured step "
                 f"({step_ms:.1f} ms) and loopback sum ({ring_ms:.1f} ms), before any per-epoch cost and contention")
    decomposition = None
    a = med["allreduce"]
    if "part_compute_s" in a and a.get("lockstep_steps", 0) > 0:
        # The engine's own account of a steady epoch, per step of both workers (they step together).
        steps = a["lockstep_steps"]
        wall_epoch = a["steady_wall_s"] / a["steady_epochs"]
        per_step = lambda seconds: seconds / steps * 1e3
        wall = per_step(wall_epoch)
        compute, exchange = per_step(a["part_compute_s"]), per_step(a["part_allreduce_s"])
        fixed_epoch_ms = (wall_epoch - a["part_compute_s"] - a["part_allreduce_s"]) * 1e3
        # The driver's part: outside the stage, the listener's and any checkpoint's time included.
        driver_ms = (wall_epoch - a["part_epoch_s"] + a["part_driver_s"]) * 1e3
        contended = step_ms / contention - step_ms if contention else 0
        fixed_parts = (f"Spark's stage {a['part_scheduling_s'] * 1e3:.0f} beside its slowest task (by wall clocks: "
                       f"{a.get('part_launch_s', 0) * 1e3:.0f} from submission to the first task's start, "
                       f"{a.get('part_return_s', 0) * 1e3:.0f} from the last task's end to the driver"
                       + (f"; Spark's floor, trivial barrier stages of the same shape in the same JVM after training: "
                          f"{a['floor_launch_s'] * 1e3:.0f} and {a['floor_return_s'] * 1e3:.0f}"
                          if "floor_launch_s" in a else "") + "), "
                       + ", ".join(f"{name} {value * 1e3:.0f}" for name, value in (
                           ("the workers' address exchange", a["part_address_s"]), ("loading", a["part_load_s"]),
                           ("worker 0's state", a["part_result_s"]), ("the rest of the tasks", a["part_task_rest_s"]))))
        decomposition = (
            f"Where the time goes (the engine's own account of its steady epochs, medians of the runs; per step of both "
            f"workers, {steps:.0f} steps an epoch): goal {goal} needs at most {step_ms / goal:.1f} ms per step; of the "
            f"measured {wall:.1f} ms ({measured_step_ms:.1f} from the throughput), {step_ms:.1f} is the step as one JVM "
            f"on one thread computes it alone, "
            + (f"{contended:.1f} what the other replica's computing costs it (two one-thread JVMs at once each run at "
               f"{contention:.2f}x), " if contention else "")
            + f"{compute - step_ms - contended:+.1f} the engine's computing beyond that ({compute:.1f} ms measured in "
            f"the steps: Spark's threads and the JIT on the same cores), {exchange:.1f} in the sums ({min(ring_ms, exchange):.1f} "
            f"the loopback ring's own time for {megabytes:.2f} MB, {max(0, exchange - ring_ms):.1f} waiting for the other "
            f"replica), and {per_step(fixed_epoch_ms / 1e3):.1f} the per-epoch fixed cost ({fixed_epoch_ms:.0f} ms an "
            f"epoch: the driver {driver_ms:.0f}, {fixed_parts}).")
    lines += ["", "Allreduce (gradient every step) at 2 workers: " + "; ".join(goals) + "."]
    if decomposition:
        lines += ["", decomposition]
    lines += [
              "", f"Scaling model: a step sums {megabytes:.2f} MB (the gradient and the example count) in 2(N-1) "
              f"exchanges of {exchange_ms:.2f} ms latency each (measured on a loopback ring; a real network adds its "
              f"round trip) and moves 2(N-1)/N of it over each link; with no overlap of compute and exchange, against "
              f"{step_ms:.1f} ms of compute per step (one thread): " + "; ".join(model_lines) + ".", ""]
lines += [f"Loopback ring of {int(ring['ring_workers'])} workers: {ring['ring_latency_ms']:.2f} ms to sum one float, "
          f"{ring['ring_ms_per_mb']:.2f} ms per further MB summed ({ring['ring_mb']:.0f} MB measured; a 10 Gbit/s link "
          "carries a MB in 0.80 ms, 25 Gbit/s in 0.32 ms: where the loopback figure is higher, the copies and additions "
          "on this machine's cores, not the wire, bound the exchange).", "",
          "<!-- /bench:training -->", ""]
section = "\n".join(lines)
replace_section(path, "training", section)
print(section)
PY
