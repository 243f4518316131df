#!/usr/bin/env bash
# The Ames accuracy goal of issue 13, measured: runs the example pipeline (the allreduce engine with
# the example's own configuration, data/ames/ames-housing.conf, as scripts/run-example.sh does), then
# trains the scikit-learn reference of the same shape on exactly the run's features and split
# (scripts/bench/sklearn_reference.py, Debian's python3-sklearn), and writes both test RMSEs, their
# ratio against the goal (within 5%), and the run's time and energy to its target and its forecast
# against the actual figures to its section of docs/benchmarks.md.
#
#   scripts/bench/accuracy.sh [--set KEY=VALUE]...      (overrides for the pipeline run)
#
# Environment: MVN_FLAGS extra Maven flags (e.g. -o to build offline); REFERENCE_PYTHON the Python with
# scikit-learn and pandas (default /usr/bin/python3).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Debian's python3-sklearn and python3-pandas live in the system Python, not in a pyenv or venv one.
reference_python=${REFERENCE_PYTHON:-/usr/bin/python3}
"$reference_python" -c 'import sklearn, pandas' 2>/dev/null \
  || { echo "accuracy.sh needs $reference_python with sklearn and pandas (apt-get install python3-sklearn python3-pandas)" >&2; exit 2; }

# Packaged, not only compiled: a build that stops short of the jars writes classes folders into the classpath that
# scripts/greentrain runs from, which then runs without its class-data archive (and so would every later benchmark).
# shellcheck disable=SC2086
(cd "$root" && mvn -B -q ${MVN_FLAGS:-} -pl jobs -am package -DskipTests) >&2

echo "[bench] the example pipeline" >&2
"$root/scripts/greentrain" pipeline --config "$root/data/ames/ames-housing.conf" \
  --input "$root/data/ames/ames_housing.csv" --output "$work/ames" "$@" > "$work/pipeline.log" 2>&1 \
  || { tail -20 "$work/pipeline.log" >&2; exit 1; }

echo "[bench] the scikit-learn reference on the run's features and split" >&2
opens=$(sed -n 's:.*<java17.opens>\(.*\)</java17.opens>.*:\1:p' "$root/pom.xml")
# shellcheck disable=SC2086
SPARK_LOCAL_IP=127.0.0.1 java -Xmx2g $opens \
  -cp "$root/jobs/target/test-classes:$root/jobs/target/classes:$(cat "$root/jobs/target/local-classpath.txt")" \
  -Dlog4j2.configurationFile="$root/scripts/log4j2-local.properties" \
  io.greentrain.jobs.bench.ExamplesCsv "$work/ames/features/examples" Sale_Price "$work/examples.csv" 2>/dev/null
"$reference_python" "$root/scripts/bench/sklearn_reference.py" "$work/examples.csv" 64 > "$work/sklearn.txt"

PYTHONPATH="$root/scripts/bench" python3 - "$root/docs/benchmarks.md" "$work/ames/summary.json" "$work/sklearn.txt" \
  "$*" <<'PY'
from benchmarks_md import replace_section
import datetime, json, os, platform, sys
path, summary_path, sklearn_path, overrides = sys.argv[1:]
summary = json.load(open(summary_path))
ref = dict(line.strip().split("=", 1) for line in open(sklearn_path) if "=" in line)
steps = {s.get("name"): s for s in summary.get("steps", [])} if isinstance(summary.get("steps"), list) else {}
train, test = summary["train"], summary["test"]
ours, theirs = test["rmse"], float(ref["sklearn_test_rmse"])
ratio = ours / theirs
optimizer = train.get("optimizer", {}).get("description", "adam")
lines = ["<!-- bench:accuracy -->", "## Ames accuracy against scikit-learn (issue 13's goal)", "",
         f"Written by `scripts/bench/accuracy.sh` on {datetime.date.today()} ({os.cpu_count()} cores, {platform.machine()}). "
         f"Ours: the example pipeline (`data/ames/ames-housing.conf`{', with ' + overrides if overrides else ''}): "
         f"allreduce engine, {train['workers']} workers x batch {train['batchSizePerWorker']}, {optimizer}, "
         f"{train.get('epochsRun', train['epochs'])} of {train['epochs']} epochs run (stop: "
         f"{train.get('stop', {}).get('reason', 'n/a')}), model of epoch {train.get('keptEpoch', train['epochs'])} kept. "
         "Reference: scikit-learn's MLPRegressor of the same shape (Dense 64 ReLU, Adam 1e-3, batch 64) on the same "
         f"features and split, its L2 alpha chosen on our validation split ({ref['sklearn_alpha']}), early stopping on "
         f"that split ({ref['sklearn_best_epoch']} of {ref['sklearn_epochs']} epochs kept). Test split, {test['rows']} "
         "rows, dollars.", "",
         "| model | test RMSE | test MAE | test R² |", "|---|---|---|---|",
         f"| greentrain (allreduce) | {ours:,.0f} | {test['mae']:,.0f} | {test['r2']:.4f} |",
         f"| scikit-learn MLP | {theirs:,.0f} | {float(ref['sklearn_test_mae']):,.0f} | {float(ref['sklearn_test_r2']):.4f} |",
         "", f"Test RMSE ratio greentrain / scikit-learn: **{ratio:.3f}** (goal: at most 1.05, "
         f"{'met' if ratio <= 1.05 else 'not met'})."]
target = train.get("target")
if target:
    if target.get("reached"):
        lines.append(f"Target {target['metric']} {target['comparison']} {target['threshold']} first reached at epoch "
                     f"{target['epoch']}: {target['seconds']:.1f} s, {target['kwh'] or 0:.3g} kWh, "
                     f"{target['gco2e'] or 0:.3g} gCO2e of training (energy estimated on this machine: no RAPL).")
    else:
        lines.append(f"Target {target['metric']} {target['comparison']} {target['threshold']} not reached.")
forecast = train.get("forecast", {})
if forecast.get("made"):
    actual = forecast["actual"]
    error = forecast.get("relativeError")
    lines.append(f"Forecast after {forecast['afterEpochs']} epoch(s) for {forecast['epochs']} epochs: "
                 f"{forecast['seconds']:.0f} s, {forecast['kwh'] or 0:.3g} kWh; actual {actual['epochs']} epochs: "
                 f"{actual['seconds']:.0f} s, {actual['kwh'] or 0:.3g} kWh"
                 + (f" (errors: time {error['seconds']:+.1%}, energy {error['kwh']:+.1%})." if error and error.get('kwh') is not None
                    else " (not comparable: the run stopped early)."))
lines += ["", "<!-- /bench:accuracy -->", ""]
section = "\n".join(lines)
replace_section(path, "accuracy", section)
print(section)
PY
