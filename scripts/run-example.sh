#!/usr/bin/env bash
# Runs the whole Ames house-price pipeline (clean -> convert -> train -> evaluate) in Spark local
# mode on the bundled example data, builds what is missing first, and writes
# OUTPUT_DIR/summary.json. Then verifies the run's carbon ledger and writes its report
# (OUTPUT_DIR/report: emissions.csv, Parquet, report.html).
#
#   ./scripts/run-example.sh [OUTPUT_DIR]      (default: out/example)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
output=${1:-out/example}

"$root/scripts/greentrain" pipeline \
  --config "$root/data/ames/ames-housing.conf" \
  --input "$root/data/ames/ames_housing.csv" \
  --output "$output"

"$root/scripts/greentrain" ledger verify "$output/ledger"
"$root/scripts/greentrain" ledger report "$output/ledger" --out "$output/report"
