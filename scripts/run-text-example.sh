#!/usr/bin/env bash
# Runs the text-corpus pipeline (text-clean -> text-prepare -> text-train) in Spark local mode on an
# example corpus fetched by package name (scripts/fetch-corpora.sh), builds what is missing first,
# and writes OUTPUT_DIR/summary.json: documents in, kept and removed per reason, near-duplicate
# clusters, vocabulary and tokens, training loss, held-out perplexity against a unigram baseline,
# sampled text, energy per token. Then verifies the run's carbon ledger and writes its report.
#
#   ./scripts/run-text-example.sh [OUTPUT_DIR] [--corpus spam-assassin|chinese-poetry]
#
# OUTPUT_DIR defaults to out/text-example; the corpus to spam-assassin (6,046 raw e-mails). The
# language model trains on a seeded sample of the cleaned text (greentrain.text.sequence.max-characters
# in the corpus's configuration under data/text/), sized for a few minutes on 2 cores.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
output=out/text-example
corpus=spam-assassin
while [[ $# -gt 0 ]]; do
  case $1 in
    --corpus) corpus=${2:?--corpus needs a value}; shift 2 ;;
    -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "run-text-example: unknown option '$1'" >&2; exit 2 ;;
    *) output=$1; shift ;;
  esac
done

case $corpus in
  spam-assassin) ;;
  chinese-poetry) ;;
  *) echo "run-text-example: unknown corpus '$corpus' (expected spam-assassin or chinese-poetry)" >&2; exit 2 ;;
esac

data=$("$root/scripts/fetch-corpora.sh" "$corpus" | cut -f2)
inputs=()
case $corpus in
  spam-assassin)
    for folder in easy-ham-1 easy-ham-2 hard-ham-1 spam-1 spam-2; do
      inputs+=(--input "$data/$folder/*.txt")
    done ;;
  # The Tang poems of both collections: variant editions of the same poems are near duplicates.
  chinese-poetry) inputs=(--input "$data/quantangshi/poet.tang.*.json" --input "$data/yudingquantangshi/json") ;;
esac

"$root/scripts/greentrain" text-pipeline \
  --config "$root/data/text/$corpus.conf" \
  "${inputs[@]}" \
  --output "$output"

"$root/scripts/greentrain" ledger verify "$output/ledger"
"$root/scripts/greentrain" ledger report "$output/ledger" --out "$output/report"
