#!/usr/bin/env bash
# Writes the figures of a GPU host's NVML check into docs/benchmarks.md (its own section, between
# <!-- bench:nvml-check --> markers; the other sections stay as they are).
#
# usage: scripts/gpu/record-nvml-check.sh NVML-CHECK.json [IDLE.json] [--benchmarks FILE]
#   NVML-CHECK.json  what run-nvml-check.sh wrote for the loaded window
#   IDLE.json        the idle window beside it (default: NVML-CHECK-idle.json, if it exists)
#   --benchmarks     the file to write (default docs/benchmarks.md)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
benchmarks="$root/docs/benchmarks.md"
files=()
while (($#)); do
  case "$1" in
    --benchmarks) benchmarks=${2:?--benchmarks needs a file}; shift 2 ;;
    -h|--help) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) files+=("$1"); shift ;;
  esac
done
((${#files[@]} >= 1 && ${#files[@]} <= 2)) || { echo "error: give the check's JSON file (and optionally the idle one)" >&2; exit 2; }
loaded=${files[0]}
idle=${files[1]:-${loaded%.json}-idle.json}
[[ -f $loaded ]] || { echo "error: $loaded does not exist" >&2; exit 2; }
[[ -f $idle ]] || idle=""

PYTHONPATH="$root/scripts/bench" python3 - "$benchmarks" "$loaded" "$idle" <<'PY'
from benchmarks_md import replace_section
import json, os, sys
path, loaded_path, idle_path = sys.argv[1], sys.argv[2], sys.argv[3]

def load(file):
    try:
        with open(file) as handle:
            return json.load(handle)
    except (OSError, ValueError) as error:
        sys.exit(f"error: {file} is not the check's JSON: {error}")

loaded = load(loaded_path)
idle = load(idle_path) if idle_path else None
if not loaded.get("nvmlLoaded") or "measurements" not in loaded:
    sys.exit(f"error: {loaded_path} holds no measurement: {loaded.get('error', 'NVML not loaded')}")

def number(value, digits=1, suffix=""):
    return "n/a" if value is None else f"{value:.{digits}f}{suffix}"

def signed(value):
    return "n/a" if value is None else f"{value:+.2f}%"

idle_watts = {}
if idle:
    for m in idle.get("measurements", []):
        idle_watts[m["index"]] = m.get("meanPowerWatts")

rows = []
for m in loaded["measurements"]:
    driver = m.get("driverPower", {})
    periods = m.get("updatePeriodsMs", {})
    counter = periods.get("energyCounter", {})
    power = periods.get("power", {})
    rows.append("| " + " | ".join([
        f"{m['index']}: {m['name']}",
        number(idle_watts.get(m["index"]), 1, " W"),
        number(m.get("meanPowerWatts"), 1, " W"),
        number(m.get("counterJoules"), 1, " J"),
        number(m.get("integratedJoules"), 1, " J"),
        number(driver.get("joules"), 1, " J") if driver.get("available") else "n/a (" + driver.get("reason", "") + ")",
        signed(m.get("counterVsDriverPowerPercent")),
        signed(m.get("integrationVsCounterPercent")),
        number(counter.get("median"), 1, " ms"),
        number(power.get("median"), 1, " ms"),
    ]) + " |")

checks = loaded.get("checks", {})
def verdict(value):
    return "not judged" if value is None else ("met" if value else "NOT met")

window = loaded.get("window", {})
section = "\n".join([
    "<!-- bench:nvml-check -->",
    "## GPU energy check (NVML, real GPU)",
    "",
    f"Written by `scripts/gpu/record-nvml-check.sh` from `run-nvml-check.sh` on host `{loaded.get('host')}` at "
    f"{loaded.get('at')}; NVIDIA driver {loaded.get('driverVersion') or 'unknown'}. "
    f"Loaded window: {number(window.get('seconds'), 1)} s under {window.get('load') or 'no load'}"
    + (f"; idle window: {number(idle.get('window', {}).get('seconds'), 1)} s before it." if idle else "."),
    "",
    "| GPU | idle power | loaded power | counter | power integration | nvidia-smi | counter vs nvidia-smi "
    "| integration vs counter | counter update period | power update period |",
    "|---|---|---|---|---|---|---|---|---|---|",
    *rows,
    "",
    f"Goals: counter within {number(checks.get('counterVsDriverPowerTolerancePercent'), 0)}% of the driver's "
    f"integrated power readings: {verdict(checks.get('counterWithinToleranceOfDriverPower'))}; power-integration "
    f"path within {number(checks.get('integrationVsCounterTolerancePercent'), 0)}% of the counter: "
    f"{verdict(checks.get('integrationWithinToleranceOfCounter'))}. Update periods are medians of the times "
    "between changed values, polled every 0.5 ms.",
    "<!-- /bench:nvml-check -->",
    "",
])
replace_section(path, "nvml-check", section)
print(section)
PY
