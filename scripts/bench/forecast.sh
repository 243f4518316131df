#!/usr/bin/env bash
# How close the training forecast comes on the Ames example: runs the example pipeline
# (data/ames/ames-housing.conf, 60 epochs) once per forecast point, with
# greentrain.train.forecast-after-epochs set to it, each in its own JVM and output folder as
# ./scripts/run-example.sh runs it, and writes each run's forecast against its own actual total
# (time, energy; relative error from summary.json's train.forecast) to docs/benchmarks.md.
# The epochs of this example last about a tenth of a second and the JIT compiler warms up over the
# first few. Each worker warms DL4J's code up on a throwaway copy of its replica before epoch 1
# (greentrain.train.warm-up-steps, counted in that epoch's start-up), and the forecast leaves out of
# every epoch it observes the part of its time that the JVM's JIT compiler took (the compiler's
# seconds in the epoch times the share of the cores the rest of the process kept busy; train.history's
# compileSeconds, cpuSeconds, repeatableSeconds). Code that is still interpreted in the first epochs
# and later epochs slowed by other processes are not seen: the table shows how the error falls as the
# forecast is made later. Run it on a quiet machine: other processes slow single epochs.
#
#   scripts/bench/forecast.sh [AFTER_EPOCHS...]      (default 1 2 3 5 8)
#
# Environment: REPEATS=n runs each forecast point n times (default 1), one row per run, the points
# interleaved (1 2 3 5 8 1 2 3 5 8 ...), so that the spread between runs shows beside the error.
# KEEP=DIR copies each run's summary.json there (after-N-run-M.json), for a closer look at its history.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
points=("$@")
[[ ${#points[@]} -gt 0 ]] || points=(1 2 3 5 8)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

repeats=${REPEATS:-1}
[[ $repeats =~ ^[1-9][0-9]*$ ]] || { echo "[bench] REPEATS must be a positive whole number, not '$repeats'" >&2; exit 2; }
summaries=()
for ((run = 1; run <= repeats; run++)); do
  for after in "${points[@]}"; do
    echo "[bench] the Ames example, forecast after $after epoch(s), run $run of $repeats" >&2
    out="$work/after-$after-run-$run"
    "$root/scripts/greentrain" pipeline --config "$root/data/ames/ames-housing.conf" \
      --input "$root/data/ames/ames_housing.csv" --output "$out" \
      --set "greentrain.train.forecast-after-epochs=$after" > "$out.log" 2>&1 \
      || { tail -20 "$out.log" >&2; exit 1; }
    summaries+=("$out/summary.json")
    if [[ -n ${KEEP:-} ]]; then
      mkdir -p "$KEEP" && cp "$out/summary.json" "$KEEP/after-$after-run-$run.json"
    fi
  done
done

PYTHONPATH="$root/scripts/bench" python3 - "$root/docs/benchmarks.md" "$repeats" "${summaries[@]}" <<'PY'
from benchmarks_md import replace_section
import datetime, json, os, platform, sys
path, repeats, summaries = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
load = os.getloadavg()[2]
lines = ["<!-- bench:forecast -->", "## Training forecast against the actual total (Ames example)", "",
         f"Written by `scripts/bench/forecast.sh` on {datetime.date.today()} ({os.cpu_count()} cores, "
         f"{platform.machine()}, load average {load:.1f} over the last 15 minutes of the runs"
         + (": other processes had the cores too" if load > (os.cpu_count() or 1) else "")
         + f"): the example pipeline once per row ({repeats} run(s) per forecast point, the points "
         "interleaved), `greentrain.train.forecast-after-epochs` set to the row's epochs, each run's forecast of its "
         "60 epochs against its own actual total (training epochs only). What has run counts in full; each epoch "
         "still to run is forecast as the median of the latest three observed after the first (after one epoch: "
         "that epoch), each taken at its repeatable cost: its time less what it spent once, which is the larger "
         "of its measured start-up (listing files, building the replicas, the workers' JIT warm-up on throwaway "
         "copies of them) and the part of its time that the JVM's JIT compiler took (the compiler's seconds in the "
         "epoch, from the JVM's compilation bean, times the share of the cores the rest of the process kept busy, "
         "from its CPU time: a compiler on an idle core delays nobody). The energy is taken to scale with the time. "
         "'left out' is what the forecast left out of the observed epochs' seconds that way (`train.history`: "
         "`compileSeconds`, `cpuSeconds`, `repeatableSeconds`). Not seen: code still interpreted in the first "
         "epochs, which the compiler compiles later, and later epochs slowed by other processes. The validation "
         "split is scored on the driver, and an epoch waits for its energy samples only when a decision needs them "
         "(the forecast's epoch, the epoch that reaches the target, a budget); the others' energy is completed "
         "after training. The energy is estimated from the process's CPU time per one-second sample, shared out "
         "by the tasks' time in it: the forecast's epoch waits for its samples while its sample's window is still "
         "open, which lowers that window's mean power and the epoch's estimated energy, so the energy error runs "
         "below the time error when the forecast is made after that epoch.", "",
         "| forecast after | left out | forecast time | actual time | time error | forecast energy | actual energy "
         "| energy error | energy |", "|---|---|---|---|---|---|---|---|---|"]
def error(value):
    return "–" if value is None else f"{100 * value:+.1f}%"
rows, table = [], []
for summary_path in summaries:
    train = json.load(open(summary_path))["train"]
    f = train["forecast"]
    actual = f["actual"]
    e = f.get("relativeError") or {}
    after = f.get("afterEpochs", 0)
    left_out = sum(h["seconds"] - h.get("repeatableSeconds", h["seconds"]) for h in train["history"][:after])
    joules = lambda node: "–" if node.get("joules") is None else f"{node['joules'] / 3600:.3g} Wh"
    rows.append((after, e))
    table.append(f"| {after or '–'} epoch(s) | {left_out:.2f} s | {f.get('seconds', float('nan')):.1f} s | "
                 f"{actual['seconds']:.1f} s | {error(e.get('seconds'))} | {joules(f)} | {joules(actual)} | "
                 f"{error(e.get('kwh'))} | {'estimated' if train.get('energyEstimated') else 'measured'} |")
# By forecast point; runs of one point in the order they ran (sorted is stable).
lines += [row for _, row in sorted(zip((a for a, _ in rows), table), key=lambda pair: pair[0])]
if repeats > 1:
    lines.append("")
    for after in sorted({a for a, _ in rows}):
        times = sorted(100 * e["seconds"] for a, e in rows if a == after and e.get("seconds") is not None)
        energies = sorted(100 * e["kwh"] for a, e in rows if a == after and e.get("kwh") is not None)
        if times:
            lines.append(f"After {after} epoch(s), over {len(times)} runs: time error {times[0]:+.1f}% to "
                         f"{times[-1]:+.1f}%" + (f", energy error {energies[0]:+.1f}% to {energies[-1]:+.1f}%."
                                                 if energies else "."))
actual_seconds = sorted(json.load(open(p))["train"]["forecast"]["actual"]["seconds"] for p in summaries)
middle = actual_seconds[len(actual_seconds) // 2]
lines += ["", f"The same 60 epochs took {actual_seconds[0]:.1f} to {actual_seconds[-1]:.1f} s in these runs "
          f"({100 * (actual_seconds[0] / middle - 1):+.0f}% to {100 * (actual_seconds[-1] / middle - 1):+.0f}% around "
          "their median): run-to-run differences of that size bound how close any forecast of this example can come."]
lines += ["", "<!-- /bench:forecast -->", ""]
section = "\n".join(lines)
replace_section(path, "forecast", section)
print(section)
PY
