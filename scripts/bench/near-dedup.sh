#!/usr/bin/env bash
# Near-duplicate detection throughput and recall, ours (MinHash + banding + exact Jaccard verification + connected
# components) against Spark MLlib's MinHashLSH.approxSimilarityJoin, on two corpora with planted near duplicates: a
# seeded synthetic one (random texts, no shared text between unrelated documents) and real e-mails (which share
# signatures, mailing-list footers and quoted text). Same Jaccard threshold and word 5-gram shingles for both sides, one
# local[2] session per corpus. Writes its section of docs/benchmarks.md (between its markers; other sections are left
# as they are).
#
#   scripts/bench/near-dedup.sh [ORIGINALS] [VARIANTS] [EMAIL_VARIANTS] [MLLIB_TABLES...]
#   (default 30000 7500 2500 5 25)
#
# Environment: NEAR_DEDUP_EMAILS directory of e-mail files (*.txt or *.eml, read as the EMAIL format; default the
# bundled data/text/spam-assassin-sample; the full SpamAssassin public corpus gives a more telling run);
# MVN_FLAGS extra Maven flags (e.g. -o to build offline).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
originals=${1:-30000}
variants=${2:-7500}
email_variants=${3:-2500}
shift $(( $# < 3 ? $# : 3 ))
tables=("$@")
[[ ${#tables[@]} -eq 0 ]] && tables=(5 25)
emails=${NEAR_DEDUP_EMAILS:-$root/data/text/spam-assassin-sample}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# shellcheck disable=SC2086
(cd "$root" && mvn -B -q ${MVN_FLAGS:-} -pl preprocessing -am test-compile dependency:build-classpath \
  -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=test) >&2

opens=$(sed -n 's:.*<java17.opens>\(.*\)</java17.opens>.*:\1:p' "$root/pom.xml")
classpath="$root/preprocessing/target/test-classes:$root/preprocessing/target/classes:$(cat "$work/classpath.txt")"
run() {
  # shellcheck disable=SC2086
  SPARK_LOCAL_IP=127.0.0.1 java -Xmx4g $opens -cp "$classpath" \
    -Dlog4j2.configurationFile="$root/scripts/log4j2-local.properties" \
    io.greentrain.preprocessing.text.bench.NearDedupBenchmark "$@"
}
echo "[bench] near dedup, synthetic: $originals originals + $variants variants, MLlib tables: ${tables[*]}" >&2
run synthetic "$originals" "$variants" "${tables[@]}" > "$work/synthetic.txt"
echo "[bench] near dedup, e-mails under $emails + up to $email_variants variants, MLlib tables: ${tables[*]}" >&2
run email "$emails" "$email_variants" "${tables[@]}" > "$work/email.txt"

PYTHONPATH="$root/scripts/bench" python3 - "$root/docs/benchmarks.md" "$work/synthetic.txt" "$work/email.txt" "$(echo "$emails" | awk -F/ '{print $(NF-2) "/" $(NF-1) "/" $NF}')" <<'PY'
from benchmarks_md import replace_section
import datetime, os, platform, sys
path, synthetic, email, email_dir = sys.argv[1:5]
def load(result):
    return dict(line.strip().split("=", 1) for line in open(result) if "=" in line and not line.startswith(" "))
syn, mail = load(synthetic), load(email)
def table(kv):
    tables = sorted({k.split("_")[1] for k in kv if k.startswith("mllib_")}, key=int)
    def f(key, digits=0):
        return f"{float(kv[key]):,.{digits}f}"
    def line(name, p, pairs):
        return (f"| {name} | {f(p + '_seconds', 1)} | {f(p + '_cpu_seconds', 1)} | {f(p + '_docs_per_cpu_second')} "
                f"| {pairs} | {f(p + '_recall_j85', 4)} | {f(p + '_recall_j70_85', 4)} | {f(p + '_merged_below_j50', 4)} |")
    rows = [line(f"ours: MinHash {kv['bands']} bands x {kv['rows']} rows, verified, connected components", "ours",
                 f"{int(kv['ours_verified_pairs']):,} of {int(kv['ours_candidate_pairs']):,} candidates")]
    rows += [line(f"MLlib MinHashLSH, numHashTables={t}", f"mllib_{t}", f"{int(kv[f'mllib_{t}_pairs']):,}") for t in tables]
    def ratio(t, unit):
        return float(kv[f"mllib_{t}_{unit}"]) / float(kv[f"ours_{unit}"])
    speedups = ", ".join(f"{ratio(t, 'cpu_seconds'):.1f}x in CPU time ({ratio(t, 'seconds'):.1f}x in wall time) "
                         f"against {t} tables" for t in tables)
    return [
        "| method | wall seconds | CPU seconds | documents per CPU second (= per core-second) | pairs at J >= threshold | recall J >= 0.85 | recall 0.70 <= J < 0.85 | merged J < 0.50 |",
        "|---|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"Speed-up of ours: {speedups}.",
    ]
def runs(kv):
    return " / ".join(f"{float(kv[f'ours_run_{i}_cpu_seconds']):.1f}" for i in range(1, int(kv['ours_runs']) + 1))
def buckets(kv):
    return (f"{int(kv['pairs_j85']):,} planted pairs at J >= 0.85, {int(kv['pairs_j70_85']):,} at 0.70-0.85, "
            f"{int(kv['pairs_below_j50']):,} below 0.50")
section = "\n".join([
    "<!-- bench:near-dedup -->",
    "## Near-duplicate detection (text cleaning)",
    "",
    f"Written by `scripts/bench/near-dedup.sh` on {datetime.date.today()} ({os.cpu_count()} cores, {platform.machine()}); "
    f"Spark local[{syn['cores']}], one JVM and session per corpus. Both methods first run on a 4,000-document slice "
    "(warm-up, so that neither side pays the JIT compiler for the other); then ours runs "
    f"{syn['ours_runs']} times and its median run is reported (CPU seconds of the runs: synthetic {runs(syn)}, "
    f"e-mails {runs(mail)}: the first still pays for compilation), each MLlib configuration once (it runs for minutes, "
    "compilation is a small part of that). Both sides use word "
    f"5-gram shingles and the same threshold, Jaccard >= {syn['threshold']} (MLlib: distance <= 0.3). Recall and false "
    "merges are measured on planted pairs, bucketed by their true word 5-gram Jaccard (computed independently, with "
    "string sets). Time covers shingling, hashing, candidate generation and verification for both; ours also forms "
    "clusters (connected components), MLlib only returns pairs (a pair counts as found when MLlib returns it, for ours "
    "when both documents end in one cluster). CPU seconds are the whole JVM's (all Spark threads, JIT compiler and "
    "GC included); on a shared machine they are a steadier measure of cost than wall time, which waiting for the CPU "
    "inflates.",
    "",
    f"**Synthetic** ({int(syn['docs']):,} documents, `PlantedNearDuplicates.generate`, fixed seed): random texts of "
    f"120-300 words over a 20,000-word vocabulary, and for {int(syn['planted_pairs']):,} of them a planted variant (1-32 "
    f"words edited, a sentence added or removed, or boilerplate appended); {buckets(syn)}. Unrelated documents share no "
    "shingle here, so no method pays for false candidates.",
    "",
    *table(syn),
    "",
    f"**E-mails** ({int(mail['docs']):,} documents): the {int(mail['emails']):,} distinct non-blank bodies of the e-mails "
    f"under `{email_dir}` (read as `EMAIL`: headers dropped, subject kept; mean {float(mail['mean_words']):.0f} words "
    f"per document), plus a planted variant of {int(mail['planted_pairs']):,} of them (`PlantedNearDuplicates.ofTexts`: "
    f"the same kinds of edits on the e-mail's words); {buckets(mail)}. Real mail shares signatures, mailing-list "
    "footers, quoted replies and spam templates, and holds near duplicates of its own, which both methods find "
    "beside the planted ones (the pair counts).",
    "",
    *table(mail),
    "",
    f"Ours: {syn['bands']} bands x {syn['rows']} rows puts the candidate S-curve's midpoint at "
    f"(1/{syn['bands']})^(1/{syn['rows']}) = {(1 / float(syn['bands'])) ** (1 / float(syn['rows'])):.2f}, well below "
    "the threshold, so pairs just above it are found, and exact verification removes the rest (the candidate count "
    "shows how many). MLlib's hash tables are single min-hashes OR-ed together (no AND within a band): its candidate "
    "probability is 1 - (1 - J)^T, 0.998 at J = 0.7 with 5 tables (hence its recall close to ours), but also 0.83 at J = 0.3, "
    "so every pair sharing boilerplate becomes a candidate that its join must compute the distance of; 25 tables "
    "match our number of band keys per document. A shared machine: compare the columns of one run, not runs of "
    "different days.",
    "<!-- /bench:near-dedup -->",
    "",
])
replace_section(path, "near-dedup", section)
print(section)
PY
