#!/usr/bin/env bash
# Evaluates the default text quality filters on the labelled evaluation set
# (data/text/quality-eval/quality-eval.jsonl, built by data/text/quality-eval/build-eval-set.py) and writes
# the figures, precision and recall per group and per reason, as the "Evaluation" section of
# docs/text-cleaning.md (between <!-- text-eval --> and <!-- /text-eval -->). Plain Java, no Spark: seconds.
#
#   scripts/text-eval.sh
#
# QualityEvaluationTest checks that the section matches what the filters give, so run this after changing a filter.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
mvn -B -q -o -pl preprocessing -am compile
classpath_file=preprocessing/target/eval-classpath.txt
mvn -B -q -o -pl preprocessing dependency:build-classpath -Dmdep.includeScope=compile \
  -Dmdep.outputFile="$root/$classpath_file" >/dev/null
java -cp "preprocessing/target/classes:formats/target/classes:$(cat "$classpath_file")" \
  io.greentrain.preprocessing.text.quality.QualityEvaluation \
  data/text/quality-eval/quality-eval.jsonl docs/text-cleaning.md
