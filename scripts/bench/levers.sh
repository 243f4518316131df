#!/usr/bin/env bash
# Which levers save energy at equal accuracy on this machine: runs `greentrain levers` with a grid
# (default data/ames/levers.conf) on the Ames example's prepared data, all settings in one Spark
# application, one after another, and writes the table (validation R², time and energy to the target,
# totals, parameters, FLOPs, predictions per joule on the validation rows, Pareto front, recommendation)
# with each setting's energy and time as a ratio against the grid's first setting to its section of
# docs/benchmarks.md; a setting the backend cannot run is listed with its one-line reason.
# Fair ratios: every setting runs in the same JVM, and whichever runs first pays for the JIT compiler's warm-up
# of the code they share (its first epochs are several times slower than later ones). So the job runs with
# --warm-up: the first setting is trained once more before the grid, in full, and that run is not reported;
# the baseline row is then measured warm, like every other row.
# Then, unless LEVERS_LM=0, the same for the character language model: `text-pipeline` prepares a
# small slice of the Chinese poetry sample (40,000 characters: 12 steps per worker and epoch), and
# `greentrain levers` runs data/text/levers-lm.conf on it against a held-out perplexity target, into its
# own section (a few minutes on two cores).
#
#   scripts/bench/levers.sh [EPOCHS] [TARGET] [GRID]      (default 20 "r2 >= 0.85" data/ames/levers.conf)
#   environment: LEVERS_LM=0 skips the language model; LM_EPOCHS (default 3), LM_TARGET ("perplexity <= 400")
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
epochs=${1:-20}
target=${2:-r2 >= 0.85}
grid=${3:-$root/data/ames/levers.conf}
lm_epochs=${LM_EPOCHS:-3}
lm_target=${LM_TARGET:-perplexity <= 400}
lm_grid=$root/data/text/levers-lm.conf
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "[bench] preparing the Ames data (clean, convert)" >&2
for job in clean convert; do
  "$root/scripts/greentrain" "$job" --config "$root/data/ames/ames-housing.conf" \
    --input "$root/data/ames/ames_housing.csv" --output "$work/ames" > "$work/$job.log" 2>&1 \
    || { tail -20 "$work/$job.log" >&2; exit 1; }
done
echo "[bench] the levers grid ($grid), $epochs epochs each" >&2
"$root/scripts/greentrain" levers --config "$root/data/ames/ames-housing.conf" --output "$work/ames" --grid "$grid" --warm-up \
  --set "greentrain.train.epochs=$epochs" --set "greentrain.train.target=\"$target\"" > "$work/levers.log" 2>&1 \
  || { tail -20 "$work/levers.log" >&2; exit 1; }

if [[ ${LEVERS_LM:-1} != 0 ]]; then
  echo "[bench] preparing the language model's data (text-pipeline on 40,000 characters of poetry)" >&2
  "$root/scripts/greentrain" text-pipeline --config "$root/data/text/chinese-poetry.conf" \
    --input "$root/data/text/chinese-poetry-sample" --output "$work/poetry" \
    --set greentrain.text.sequence.max-characters=40000 --set greentrain.train.epochs=1 > "$work/text.log" 2>&1 \
    || { tail -20 "$work/text.log" >&2; exit 1; }
  echo "[bench] the language-model levers grid ($lm_grid), $lm_epochs epochs each" >&2
  "$root/scripts/greentrain" levers --config "$root/data/text/chinese-poetry.conf" --output "$work/poetry" \
    --grid "$lm_grid" --warm-up --set "greentrain.train.epochs=$lm_epochs" \
    --set "greentrain.train.target=\"$lm_target\"" > "$work/levers-lm.log" 2>&1 \
    || { tail -20 "$work/levers-lm.log" >&2; exit 1; }
fi

write_section() {  # SECTION TITLE SUMMARY EPOCHS TARGET GRID DATA
PYTHONPATH="$root/scripts/bench" python3 - "$root/docs/benchmarks.md" "$@" <<'PY'
from benchmarks_md import replace_section
import datetime, json, os, platform, sys
path, section_name, title, summary_path, epochs, target, grid, data = sys.argv[1:]
summary = json.load(open(summary_path))
rows = summary["settings"]
base = rows[0]
w = summary.get("warmUp") or {}
warm_up = (f"{w.get('setting')}, {w.get('epochsRun', 0)} epochs, {w.get('seconds', 0):.1f} s, not reported"
           if not w.get("failed") else f"failed: {w['failed']}")
metric = summary.get("accuracyMetric", "r2")
def energy(row, key="joules"):
    return row.get(key) or 0.0
lines = [f"<!-- bench:{section_name} -->", f"## Levers: energy to accuracy ({title})", "",
         f"Written by `scripts/bench/levers.sh` on {datetime.date.today()} ({os.cpu_count()} cores, {platform.machine()}): "
         f"`greentrain levers` with `{grid}` on {data}, {epochs} epochs per setting, target `{target}`, all settings one after "
         "another in one local Spark application (2 workers, allreduce engine). Energy is estimated from CPU time here "
         "(no RAPL), so the energy ratios follow the CPU time; the machine is shared, so single runs are noisy. "
         "Ratios are against the first setting, measured in the same run. The JVM is warmed first: `--warm-up` trains "
         f"the first setting once before the grid ({warm_up}) and leaves that run out, so the baseline does not carry "
         "the JIT compiler's warm-up that the settings after it would be spared.", "",
         f"| setting | validation {metric} | epochs | time to target | energy to target | total energy | energy vs {base['name']} "
         "| time vs " + base["name"] + " | parameters | predictions per joule | Pareto | notes |",
         "|---|---|---|---|---|---|---|---|---|---|---|---|"]
def notes(row):
    out = []
    if row.get("rebatched"):
        out.append(f"batch {row['batchSizePerWorker']} (re-batched)")
    if row.get("dataType", "float") != "float":
        out.append(row["dataType"])
    c = row.get("compression")
    if c:
        if c.get("pruneSparsity", 0) > 0:
            out.append(f"pruned to {100 * c['sparsityReached']:.1f}% zeros, {c.get('fineTuneEpochs', 0)} fine-tuning epochs")
        if c.get("quantize") == "int8":
            out.append("int8")
        out.append(f"{metric} change {c.get('change', {}).get(metric, float('nan')):+.4f}")
    return "; ".join(out)
for row in rows:
    if row.get("failed"):
        lines.append(f"| {row['name']} | – | {row.get('epochsRun', 0)} | – | – | – | – | – | – | – | | "
                     f"failed: {row['failed'].replace('|', '/')} |")
        continue
    ppj = (row.get("inference") or {}).get("predictionsPerJoule")
    t = row.get("target") or {}
    reached = t.get("reached")
    name = row["name"] + (" (recommended)" if row["name"] == summary.get("recommended") else "")
    lines.append(f"| {name} | {row['validation'].get(metric, float('nan')):.4f} | {row['epochsRun']} | "
                 f"{t['seconds']:.1f} s | {(t.get('joules') or 0) / 3600:.3g} Wh | " if reached else
                 f"| {name} | {row['validation'].get(metric, float('nan')):.4f} | {row['epochsRun']} | not reached | – | ")
    lines[-1] += (f"{energy(row) / 3600:.3g} Wh | {energy(row) / max(energy(base), 1e-12):.2f} | "
                  f"{row['seconds'] / max(base['seconds'], 1e-12):.2f} | {row['parameters']:,} | ")
    lines[-1] += (f"{ppj:,.3g} | " if ppj else "– | ") + f"{'yes' if row.get('paretoFront') else ''} | {notes(row)} |"
lines += ["", f"Recommended (cheapest reaching the target): {summary.get('recommended') or 'none reached it'}. "
          "Predictions per joule: each setting's delivered network scoring the validation rows in its own phase "
          "(repeated for at least 2 s; Spark task overhead included, so the figure is dominated by it on data this "
          "small). A compressed setting's energy includes its fine-tuning; pruned weights are stored and multiplied "
          "as zeros (dense kernels), so pruning and int8 do not make inference cheaper on this backend, only the "
          "model compressible. Batch size is re-batched in memory from the convert's files.", "",
          f"<!-- /bench:{section_name} -->", ""]
section = "\n".join(lines)
replace_section(path, section_name, section)
print(section)
PY
}
write_section levers Ames "$work/ames/levers/summary.json" "$epochs" "$target" "$(basename "$grid")" \
  "the Ames example's prepared data"
if [[ ${LEVERS_LM:-1} != 0 ]]; then
  write_section levers-lm "character language model" "$work/poetry/levers/summary.json" "$lm_epochs" "$lm_target" \
    "$(basename "$lm_grid")" "40,000 characters of the Chinese poetry sample"
fi
