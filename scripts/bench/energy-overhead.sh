#!/usr/bin/env bash
# Energy plugin overhead on the Ames pipeline, measured as a ratio against the same pipeline
# without measurement in the same session (runs interleaved: on, off, on, off, ...), plus the
# sampler's CPU cost per sample. Writes its figures into docs/benchmarks.md.
#
#   scripts/bench/energy-overhead.sh [PAIRS]     (default 3 pairs)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
pairs=${1:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$root" && mvn -B -q -DskipTests install) >&2

run() { # $1 = on|off, $2 = run index
  local enabled=true; [[ $1 == off ]] && enabled=false
  JAVA_OPTS="-Dspark.greentrain.energy.enabled=$enabled" "$root/scripts/greentrain" pipeline \
    --config "$root/data/ames/ames-housing.conf" --input "$root/data/ames/ames_housing.csv" \
    --output "$work/$1-$2" > "$work/$1-$2.log" 2>&1
  python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['durationSeconds'])" "$work/$1-$2/summary.json"
}

on=(); off=()
for i in $(seq 1 "$pairs"); do
  echo "[bench] pair $i/$pairs" >&2
  on+=("$(run on "$i")")
  off+=("$(run off "$i")")
done

classpath="$root/energy/target/test-classes:$root/energy/target/classes:$(cat "$root/jobs/target/local-classpath.txt")"
cost=$(java -cp "$classpath" -Dlog4j2.configurationFile="$root/scripts/log4j2-local.properties" \
  io.greentrain.energy.bench.SamplerCost 20000 2>/dev/null)

PYTHONPATH="$root/scripts/bench" python3 - "$root/docs/benchmarks.md" "$pairs" "${on[*]}" "${off[*]}" "$cost" <<'PY'
from benchmarks_md import replace_section
import datetime, os, platform, statistics, sys
path, pairs, on, off, cost = sys.argv[1], int(sys.argv[2]), list(map(float, sys.argv[3].split())), list(map(float, sys.argv[4].split())), sys.argv[5]
kv = dict(line.split("=", 1) for line in cost.splitlines() if "=" in line)
ratios = [a / b for a, b in zip(on, off)]
section = "\n".join([
    "<!-- bench:energy-overhead -->",
    "## Energy plugin overhead (Ames pipeline)",
    "",
    f"Written by `scripts/bench/energy-overhead.sh` on {datetime.date.today()} ({os.cpu_count()} cores, {platform.machine()}); "
    f"{pairs} interleaved pairs of full pipeline runs in local mode, measurement on vs `spark.greentrain.energy.enabled=false`.",
    "",
    "| | median | all runs |",
    "|---|---|---|",
    f"| pipeline seconds, plugin on | {statistics.median(on):.1f} | {', '.join(f'{x:.1f}' for x in on)} |",
    f"| pipeline seconds, plugin off | {statistics.median(off):.1f} | {', '.join(f'{x:.1f}' for x in off)} |",
    f"| ratio on/off (per pair) | {statistics.median(ratios):.3f} | {', '.join(f'{x:.3f}' for x in ratios)} |",
    "",
    f"Sampler cost per sample ({kv.get('samples')} samples, meters: {kv.get('meters')}): "
    f"{kv.get('cpu_micros_per_sample')} µs CPU, {kv.get('wall_micros_per_sample')} µs wall. "
    f"At the default one sample per second that is {float(kv.get('cpu_micros_per_sample', 'nan')) / 1e4:.4f}% of one core.",
    "",
    "The goal is a ratio of at most 1.01. These machines are shared: the spread between runs of the same arm "
    "shows the noise the ratio carries.",
    "<!-- /bench:energy-overhead -->",
    "",
])
replace_section(path, "energy-overhead", section)
print(section)
PY
