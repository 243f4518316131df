#!/usr/bin/env bash
# How close the training forecast comes on the Ames example: runs the example pipeline
# (data/ames/ames-housing.conf, 60 epochs) once per forecast point, with
# greentrain.train.forecast-after-epochs set to it, each in its own JVM and output folder as
# ./scripts/run-example.sh runs it, and writes each run's forecast against its own actual total
# (time, energy; relative error from summary.json's train.forecast) to docs/benchmarks.md.
# The epochs of this example last well under a second and the JIT compiler warms up over the first
# few. Each worker warms DL4J's code up on a throwaway copy of its replica before epoch 1
# (greentrain.train.warm-up-steps, counted in that epoch's start-up), but Spark's scheduling and the
# validation after each epoch keep the compiler busy for several more, which a forecast after one or
# two epochs cannot see: the table shows how the error falls as the forecast is made later. Run it on
# a quiet machine: other processes slow single epochs.
#
#   scripts/bench/forecast.sh [AFTER_EPOCHS...]      (default 1 2 3 5 8)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
points=("$@")
[[ ${#points[@]} -gt 0 ]] || points=(1 2 3 5 8)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

summaries=()
for after in "${points[@]}"; do
  echo "[bench] the Ames example, forecast after $after epoch(s)" >&2
  "$root/scripts/greentrain" pipeline --config "$root/data/ames/ames-housing.conf" \
    --input "$root/data/ames/ames_housing.csv" --output "$work/after-$after" \
    --set "greentrain.train.forecast-after-epochs=$after" > "$work/after-$after.log" 2>&1 \
    || { tail -20 "$work/after-$after.log" >&2; exit 1; }
  summaries+=("$work/after-$after/summary.json")
done

PYTHONPATH="$root/scripts/bench" python3 - "$root/docs/benchmarks.md" "${summaries[@]}" <<'PY'
from benchmarks_md import replace_section
import datetime, json, os, platform, sys
path, summaries = sys.argv[1], sys.argv[2:]
lines = ["<!-- bench:forecast -->", "## Training forecast against the actual total (Ames example)", "",
         f"Written by `scripts/bench/forecast.sh` on {datetime.date.today()} ({os.cpu_count()} cores, "
         f"{platform.machine()}): the example pipeline once per row, `greentrain.train.forecast-after-epochs` set to "
         "the row's epochs, each run's forecast of its 60 epochs against its own actual total (training epochs only). "
         "One more epoch is forecast as the median of the latest three after the first (after one epoch: that epoch "
         "less its measured start-up, which includes the workers' JIT warm-up on a throwaway copy of their replicas); "
         "the JIT compiler's work on Spark's scheduling goes on for several epochs more and is not seen, so early "
         "forecasts are high. The validation split is scored on the driver, and an epoch waits for its energy samples "
         "only when a decision needs them (the forecast's epoch, the epoch that reaches the target, a budget); the "
         "others' energy is completed after training.", "",
         "| forecast after | forecast time | actual time | time error | forecast energy | actual energy | energy error "
         "| energy |", "|---|---|---|---|---|---|---|---|"]
def error(value):
    return "–" if value is None else f"{100 * value:+.1f}%"
for summary_path in summaries:
    train = json.load(open(summary_path))["train"]
    f = train["forecast"]
    actual = f["actual"]
    e = f.get("relativeError") or {}
    joules = lambda node: "–" if node.get("joules") is None else f"{node['joules'] / 3600:.3g} Wh"
    lines.append(f"| {f.get('afterEpochs', '–')} epoch(s) | {f.get('seconds', float('nan')):.1f} s | "
                 f"{actual['seconds']:.1f} s | {error(e.get('seconds'))} | {joules(f)} | {joules(actual)} | "
                 f"{error(e.get('kwh'))} | {'estimated' if train.get('energyEstimated') else 'measured'} |")
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
