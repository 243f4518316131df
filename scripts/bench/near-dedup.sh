#!/usr/bin/env bash
# Near-duplicate detection throughput and recall, ours (MinHash + banding + exact Jaccard verification + connected
# components) against Spark MLlib's MinHashLSH.approxSimilarityJoin, on the same seeded corpus with planted near
# duplicates, the same Jaccard threshold and word 5-gram shingles, in one local[2] session. Writes its section of
# docs/benchmarks.md (between its markers; other sections are left as they are).
#
#   scripts/bench/near-dedup.sh [ORIGINALS] [VARIANTS] [MLLIB_TABLES...]   (default 10000 2500 5 14)
#
# Environment: MVN_FLAGS extra Maven flags (e.g. -o to build offline).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
originals=${1:-10000}
variants=${2:-2500}
shift $(( $# < 2 ? $# : 2 ))
tables=("$@")
[[ ${#tables[@]} -eq 0 ]] && tables=(5 14)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck disable=SC2086
(cd "$root" && mvn -B -q ${MVN_FLAGS:-} -pl preprocessing -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=test) >&2

opens=$(sed -n 's:.*<java17.opens>\(.*\)</java17.opens>.*:\1:p' "$root/pom.xml")
classpath="$root/preprocessing/target/test-classes:$root/preprocessing/target/classes:$(cat "$work/classpath.txt")"
echo "[bench] near dedup on $originals originals + $variants variants, MLlib tables: ${tables[*]}" >&2
# shellcheck disable=SC2086
SPARK_LOCAL_IP=127.0.0.1 java -Xmx4g $opens -cp "$classpath" \
  -Dlog4j2.configurationFile="$root/scripts/log4j2-local.properties" \
  io.greentrain.preprocessing.text.bench.NearDedupBenchmark "$originals" "$variants" "${tables[@]}" \
  > "$work/result.txt"

python3 - "$root/docs/benchmarks.md" "$work/result.txt" <<'PY'
import datetime, os, platform, sys
path, result = sys.argv[1], sys.argv[2]
kv = dict(line.strip().split("=", 1) for line in open(result) if "=" in line)
tables = sorted({k.split("_")[1] for k in kv if k.startswith("mllib_")}, key=int)
def f(key, digits=0):
    return f"{float(kv[key]):,.{digits}f}"
def line(name, p):
    return (f"| {name} | {f(p + '_seconds', 1)} | {f(p + '_cpu_seconds', 1)} | {f(p + '_docs_per_cpu_second')} "
            f"| {f(p + '_recall_j85', 4)} | {f(p + '_recall_j70_85', 4)} | {f(p + '_merged_below_j50', 4)} |")
rows = [line(f"ours: MinHash {kv['bands']} bands x {kv['rows']} rows, verified, connected components", "ours")]
rows += [line(f"MLlib MinHashLSH, numHashTables={t}", f"mllib_{t}") for t in tables]
def ratio(t, unit):
    return float(kv[f"mllib_{t}_{unit}"]) / float(kv[f"ours_{unit}"])
speedups = ", ".join(f"{ratio(t, 'cpu_seconds'):.1f}x in CPU time ({ratio(t, 'seconds'):.1f}x in wall time) against {t} tables"
                     for t in tables)
section = "\n".join([
    "<!-- bench:near-dedup -->",
    "## Near-duplicate detection (text cleaning)",
    "",
    f"Written by `scripts/bench/near-dedup.sh` on {datetime.date.today()} ({os.cpu_count()} cores, {platform.machine()}); "
    f"Spark local[{kv['cores']}], one session, one run each. Corpus: {int(kv['docs']):,} documents generated with a fixed seed "
    f"(`PlantedNearDuplicates`): random texts of 120-300 words over a 20,000-word vocabulary, and for {int(kv['planted_pairs']):,} of "
    "them a planted variant (1-32 words edited, a sentence added or removed, or boilerplate appended). Recall and false "
    "merges are measured on the planted pairs, bucketed by their true word 5-gram Jaccard "
    f"({kv['pairs_j85']} pairs at J >= 0.85, {kv['pairs_j70_85']} at 0.70-0.85, {kv['pairs_below_j50']} below 0.50). "
    f"Both sides use word 5-gram shingles and the same threshold, Jaccard >= {kv['threshold']} (MLlib: distance <= 0.3). "
    "Time covers shingling, hashing, candidate generation and verification for both; ours also forms clusters "
    "(connected components), MLlib only returns pairs (a pair counts as found when MLlib returns it). CPU seconds are "
    "the whole JVM's (all Spark threads, GC included); on a shared machine they are a steadier measure of cost than "
    "wall time, which waiting for the CPU inflates.",
    "",
    "| method | wall seconds | CPU seconds | documents per CPU second (= per core-second) | recall J >= 0.85 | recall 0.70 <= J < 0.85 | merged J < 0.50 |",
    "|---|---|---|---|---|---|---|",
    *rows,
    "",
    f"Speed-up of ours: {speedups}. MLlib's hash tables are single min-hashes OR-ed together (no AND within a band), "
    "so its candidate probability is 1 - (1 - J)^T: 5 tables already give 0.9999 at J = 0.85 (fair on recall, and "
    "cheaper than our 112 min-hashes per document); 14 tables match our number of band keys per document. "
    "On this corpus unrelated documents share no shingle, so MLlib's weak banding costs it no false candidates here; "
    "on real web text with shared boilerplate its candidate set grows with every pair above J of about 0.2-0.3, ours "
    "only with pairs near 0.72. Ours misses part of the 0.70-0.85 band by design: the banding midpoint is "
    "(1/14)^(1/8) = 0.72. Single runs on a shared machine: compare the columns of one run, not runs of different days.",
    "<!-- /bench:near-dedup -->",
    "",
])
text = open(path).read() if os.path.exists(path) else "# Benchmarks\n\nEach section is written by the script it names; do not edit by hand.\n\n"
start, end_marker = text.find("<!-- bench:near-dedup -->"), "<!-- /bench:near-dedup -->"
if start >= 0:
    end = text.index(end_marker, start) + len(end_marker)
    text = text[:start] + section.rstrip("\n") + text[end:]
else:
    text = text.rstrip("\n") + "\n\n" + section
open(path, "w").write(text)
print(section)
PY
