#!/usr/bin/env bash
# Tabular cleaning at three sizes, greentrain's `clean` against DuckDB doing the same rules in SQL.
#
# For each size, a seeded Ames-shaped CSV (rows of data/ames/ames_housing.csv with lot area, price and
# coordinates varied, about 0.5% planted duplicates and 0.7% planted faults: bad numbers, missing values,
# unknown categories, out-of-range and non-whole values, lines with a field too few or too many); then
# ROUNDS interleaved runs of greentrain `clean` (local[2], one JVM per run as a user runs it) and of
# DuckDB (org.duckdb:duckdb_jdbc from Maven, in-memory, over JDBC, SET threads = 2; the rules are written
# out by tabular_bench.py from the job configuration), alternating which goes first. Both must give the
# same counts (rows in = kept + quarantined + duplicates, and quarantined rows per reason) or the script
# fails. Every greentrain run keeps a Spark event log and a Java Flight Recorder recording; the first
# round's are summarised as the profile (time per stage, CPU samples per kind of work). greentrain runs with
# scripts/greentrain's defaults (C1 only, the class-data sharing archive, written once before the timed runs).
# Beside them, in the same rounds, Spark's floor: SparkFloor.java, one JVM with scripts/greentrain's settings (heap,
# JIT tier, Java 17 flags, local[2]) and no greentrain code, reading the CSV with Spark's built-in reader and the
# declared schema and writing it once to Parquet (`spark-floor`), and reading it with every column a string, checking
# every value with the rules as Spark SQL expressions and counting the outcomes (`spark-rules`: no duplicate search,
# no outliers, no output). Neither keeps byte offsets or quarantines rows; they are what any Spark job pays here.
# Last, the Ames example's `clean` and `convert`, each timed as its own command, and both inside one `pipeline` run
# (from the step times in its summary.json), ROUNDS times, as a user runs them (the archive, no event log or Flight
# Recorder). Writes its section of docs/benchmarks.md.
#
#   scripts/bench/tabular.sh [SIZES] [ROUNDS]   SIZES: rows, comma-separated (default 3000,1000000,5000000);
#                                               ROUNDS: runs of each tool per size (default 2)
# Environment: DUCKDB_VERSION (default 1.4.4.0), TABULAR_BENCH_WORK (a folder to keep the work in; default a
# temporary folder, removed at the end). Needs GNU time (/usr/bin/time), java, javac, mvn and python3.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
sizes=${1:-3000,1000000,5000000}
rounds=${2:-2}
duckdb_version=${DUCKDB_VERSION:-1.4.4.0}
conf="$root/data/ames/ames-housing.conf"
ames="$root/data/ames/ames_housing.csv"
seed=16
if [[ ! $sizes =~ ^[0-9]+(,[0-9]+)*$ || ! $rounds =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: scripts/bench/tabular.sh [SIZES e.g. 3000,1000000] [ROUNDS e.g. 2]" >&2
  exit 2
fi
if [[ ! -x /usr/bin/time ]]; then
  echo "tabular.sh needs GNU time (/usr/bin/time: apt-get install time)" >&2
  exit 2
fi
if [[ -n ${TABULAR_BENCH_WORK:-} ]]; then
  work=$TABULAR_BENCH_WORK
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
bench=(python3 "$root/scripts/bench/tabular_bench.py")
gt="$root/scripts/greentrain"
: > "$work/results.txt"
: > "$work/busy.txt"
# The load before anything of ours runs: the header tells a quiet machine from a shared one by it and by what other
# processes took during the timed runs (busy.txt), not by the load average at the end, which the runs raise themselves.
cut -d' ' -f1-3 /proc/loadavg > "$work/load-before.txt"

# Disk: each size's input (about 520 bytes a row), Spark's spill of the parsed rows and both tools' outputs live in
# the work folder and the temporary folder at once; refuse early rather than fail a 5-million-row run half-way.
IFS=, read -r -a size_list <<< "$sizes"
largest=$(printf '%s\n' "${size_list[@]}" | sort -n | tail -1)
need_mb=$(( largest * 520 * 4 / 1000000 + 1024 ))
for folder in "$work" "${TMPDIR:-/tmp}"; do
  free_mb=$(df -Pm "$folder" | awk 'NR == 2 {print $4}')
  if (( free_mb < need_mb )); then
    echo "tabular.sh: $largest rows need about $need_mb MB free in $folder (input, spill, outputs); $free_mb MB are" >&2
    exit 2
  fi
done

echo "[bench] DuckDB JDBC $duckdb_version from Maven" >&2
mvn -B -q dependency:get -Dartifact="org.duckdb:duckdb_jdbc:$duckdb_version" >&2
duckdb_jar="$HOME/.m2/repository/org/duckdb/duckdb_jdbc/$duckdb_version/duckdb_jdbc-$duckdb_version.jar"
mkdir -p "$work/classes"
javac -d "$work/classes" "$root/scripts/bench/DuckDbClean.java"
# Builds greentrain when its sources changed, outside the timed runs; then one untimed `clean` writes the
# class-data sharing archive that a user's first run after a build writes, so that every timed run maps it.
"$gt" --help > "$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
spark_classpath=$(cat "$root/jobs/target/local-classpath.txt")
javac -cp "$spark_classpath" -d "$work/classes" "$root/scripts/bench/SparkFloor.java"
"${bench[@]}" spark-schema "$conf" > "$work/spark-schema.ddl"
"${bench[@]}" spark-rules "$conf" > "$work/spark-rules.sql"
SPARK_MASTER='local[2]' "$gt" clean --config "$conf" --input "$ames" --output "$work/warm-up" > "$work/warm-up.log" 2>&1 \
  || { tail -20 "$work/warm-up.log" >&2; exit 1; }
rm -rf "$work/warm-up"

machine_busy_s() { # CPU seconds the whole machine spent busy since boot (every process; /proc/stat counts 1/100 s)
  awk '/^cpu / {printf "%.2f\n", ($2 + $3 + $4 + $7 + $8 + $9) / 100}' /proc/stat
}

timed() { # timed NAME COMMAND...: appends "NAME wall user sys" to results.txt and "NAME machine-busy-seconds" to
  # busy.txt (all processes during the run: minus the run's own CPU, what other processes took); output to NAME.log
  local name=$1 busy_before
  busy_before=$(machine_busy_s)
  shift
  /usr/bin/time -f "%e %U %S" -o "$work/time.txt" "$@" > "$work/$name.log" 2>&1 || {
    echo "[bench] $name failed; its output:" >&2
    tail -20 "$work/$name.log" >&2
    exit 1
  }
  echo "$name $(cat "$work/time.txt")" >> "$work/results.txt"
  echo "$name $(echo "$(machine_busy_s) $busy_before" | awk '{printf "%.2f", $1 - $2}')" >> "$work/busy.txt"
}

run_greentrain() { # run_greentrain SIZE ROUND
  local name="greentrain-$1-$2" events="$work/events-$1-$2"
  rm -rf "$work/out-$1" "$events"
  mkdir -p "$events"
  SPARK_MASTER='local[2]' JAVA_OPTS="-Dspark.eventLog.enabled=true -Dspark.eventLog.dir=file:$events \
-XX:StartFlightRecording=filename=$work/$name.jfr,dumponexit=true" \
    timed "$name" "$gt" clean --config "$conf" --input "$work/in-$1.csv" --output "$work/out-$1"
  python3 -c 'import json, sys; c = json.load(open(sys.argv[1]))["clean"]
counts = {k: c[k] for k in ("rowsIn", "rowsKept", "rowsQuarantined", "rowsDuplicate")}
counts.update({r: n for r, n in c["quarantinedByReason"].items() if n})
print(json.dumps(counts, sort_keys=True))' "$work/out-$1/summary.json" > "$work/$name.counts"
}

run_duckdb() { # run_duckdb SIZE ROUND
  local name="duckdb-$1-$2"
  rm -rf "$work/duck-$1"
  mkdir -p "$work/duck-$1"
  timed "$name" java -cp "$duckdb_jar:$work/classes" DuckDbClean "$work/clean-$1.sql"
  python3 -c 'import json, sys
counts = {k: int(v) for k, v in (line.split() for line in open(sys.argv[1]) if line.strip())}
print(json.dumps({k: v for k, v in counts.items() if v}, sort_keys=True))' "$work/$name.log" > "$work/$name.counts"
}

spark_floor() { # spark_floor NAME SparkFloor-ARGS...: Spark's floor with the JVM settings scripts/greentrain gives clean
  local name=$1 jit_flags=()
  shift
  [[ ${GREENTRAIN_JIT:-c1} == c1 ]] && jit_flags=(-XX:TieredStopAtLevel=1)
  # shellcheck disable=SC2046  # the Java 17 flags are meant to split into words
  timed "$name" java -Xmx"${GREENTRAIN_DRIVER_MEMORY:-4g}" \
    $(sed -n 's/^java17.opens=//p' "$root/jobs/target/classes/greentrain-build.properties") "${jit_flags[@]}" \
    -Dspark.master='local[2]' -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1 \
    -Dlog4j2.configurationFile="$root/scripts/log4j2-local.properties" -Dgreentrain.logFile="$work/spark-floor.log" \
    -cp "$work/classes:$spark_classpath" SparkFloor "$@"
}

run_floor() { # run_floor SIZE ROUND: the CSV read with Spark's reader and the declared schema, written once as Parquet
  rm -rf "$work/floor-$1"
  spark_floor "spark-floor-$1-$2" write "$work/spark-schema.ddl" "$work/in-$1.csv" "$work/floor-$1"
  rm -rf "$work/floor-$1"
}

run_rules() { # run_rules SIZE ROUND: the CSV read as strings, every value checked by the rules in Spark SQL, counted
  spark_floor "spark-rules-$1-$2" rules "$work/spark-schema.ddl" "$work/spark-rules.sql" "$work/in-$1.csv"
}

for size in "${size_list[@]}"; do
  echo "[bench] $size rows: generating (seed $seed)" >&2
  "${bench[@]}" generate "$conf" "$ames" "$size" "$seed" "$work/in-$size.csv" > "$work/planted-$size.json"
  stat -c %s "$work/in-$size.csv" > "$work/bytes-$size.txt"
  "${bench[@]}" sql "$conf" "$work/in-$size.csv" "$work/duck-$size" > "$work/clean-$size.sql"
  for round in $(seq 1 "$rounds"); do
    echo "[bench] $size rows, round $round" >&2
    if (( round % 2 == 1 )); then
      run_greentrain "$size" "$round"
      run_duckdb "$size" "$round"
      run_floor "$size" "$round"
      run_rules "$size" "$round"
    else
      run_rules "$size" "$round"
      run_floor "$size" "$round"
      run_duckdb "$size" "$round"
      run_greentrain "$size" "$round"
    fi
    rows_in=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["rowsIn"])' "$work/greentrain-$size-$round.counts")
    floor_rows=$(awk '$1 == "rowsWritten" {print $2}' "$work/spark-floor-$size-$round.log")
    rules_rows=$(awk 'NF == 2 && $2 ~ /^[0-9]+$/ {n += $2} END {print n + 0}' "$work/spark-rules-$size-$round.log")
    if [[ $floor_rows != "$rows_in" || $rules_rows != "$rows_in" ]]; then
      echo "[bench] $size rows: Spark's floor read other rows than greentrain's $rows_in: $floor_rows written," \
        "$rules_rows checked" >&2
      exit 1
    fi
    if ! cmp -s "$work/greentrain-$size-$round.counts" "$work/duckdb-$size-$round.counts"; then
      echo "[bench] $size rows: the counts differ: greentrain $(cat "$work/greentrain-$size-$round.counts")," \
        "DuckDB $(cat "$work/duckdb-$size-$round.counts")" >&2
      exit 1
    fi
  done
  event_log=$(find "$work/events-$size-1" -type f | head -1)
  "${bench[@]}" profile "$event_log" "$work/greentrain-$size-1.jfr" > "$work/profile-$size.json"
  rm -f "$work/in-$size.csv" "$work"/*.jfr
  rm -rf "$work/out-$size" "$work/duck-$size"
done

echo "[bench] the Ames example: clean, then convert, each its own command; then both inside one pipeline run" >&2
# As a user runs them: scripts/greentrain's defaults, with the class-data sharing archive that the untimed run above
# wrote, and without the event log and Flight Recorder of the size runs (any JAVA_OPTS of the caller's environment
# is dropped: Flight Recorder or an agent there would also turn the archive off). ROUNDS runs of each, interleaved.
archive=$(find "$root/jobs/target/cds" -maxdepth 1 -name 'jobs-*.jsa' -size +0 -print -quit 2>/dev/null || true)
if [[ -z $archive ]]; then
  echo "[bench] no class-data sharing archive for the Spark jobs in $root/jobs/target/cds: the Ames runs would not" \
    "measure what a user runs" >&2
  exit 1
fi
as_a_user=(env -u JAVA_OPTS -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS -u SPARK_MASTER "$gt")
for round in $(seq 1 "$rounds"); do
  rm -rf "$work/ames" "$work/ames-pipeline"
  timed "ames-clean-$round" "${as_a_user[@]}" clean --config "$conf" --input "$ames" --output "$work/ames"
  timed "ames-convert-$round" "${as_a_user[@]}" convert --config "$conf" --input "$ames" --output "$work/ames"
  # The pipeline starts the JVM, Spark's session and the energy plugin once for all its steps; summary.json's
  # stepSeconds gives each step's own time. One epoch keeps the run short: train and evaluate are not measured here.
  timed "ames-pipeline-$round" "${as_a_user[@]}" pipeline --config "$conf" --input "$ames" \
    --output "$work/ames-pipeline" --set greentrain.train.epochs=1
  cp "$work/ames-pipeline/summary.json" "$work/ames-pipeline-$round.json"
done

load=$(cut -d' ' -f1-3 /proc/loadavg)
"${bench[@]}" report "$root/docs/benchmarks.md" "$work" "$sizes" "$rounds" "$load"
