"""The parts of scripts/bench/tabular.sh that are easier in Python (standard library only):

  generate CONF AMES_CSV ROWS SEED OUT_CSV   a seeded Ames-shaped CSV with planted duplicates and invalid values
  sql CONF CSV OUT_DIR                       the clean step's rules for CONF as DuckDB SQL (printed)
  spark-schema CONF                          the declared columns as a Spark DDL schema (printed; Spark's floor)
  spark-rules CONF                           the per-row rules as one Spark SQL query with counts (printed)
  profile EVENT_LOG                          where a Spark application's time went, per stage (JSON, printed)
  report DOC WORK SIZES ROUNDS LOAD          writes the tabular section of docs/benchmarks.md

The rules in SQL follow the clean step's: every declared column is required unless it says otherwise;
a value that is empty or a null token (after trimming) is missing_required; a string outside its
categories is unknown_category; a number must match formats/DecimalNumbers' grammar (after trimming)
and be finite, a long must also be whole (else invalid_type); then min/max (out_of_range). The first
failing column in declared order names the reason. Exact duplicates (equal typed values in every
declared column) among valid rows are removed, the first in file order kept; then the outlier range
rules quarantine what lies outside them. A line with the wrong number of fields is malformed_row.
"""
import json
import os
import random
import re
import statistics
import sys

DEFAULT_SIZES = ["3000", "1000000", "5000000"]  # tabular.sh's default
GRAMMAR = r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?"


# ---------------------------------------------------------------------------------------- configuration

def read_spec(conf_path):
    """The declared columns, null tokens and outlier rules of a job configuration written like
    data/ames/ames-housing.conf (one column or rule per line); refuses anything it cannot read."""
    text = open(conf_path).read()
    columns, outliers = [], []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("{ name ="):
            fields = dict(re.findall(r"(\w+) = (\[[^\]]*\]|\"[^\"]*\"|[^,}]+)", line))
            column = {"name": fields["name"].strip(), "type": fields.get("type", "string").strip(),
                      "required": fields.get("required", "true").strip() == "true",
                      "min": float(fields["min"]) if "min" in fields else None,
                      "max": float(fields["max"]) if "max" in fields else None,
                      "categories": json.loads(fields["categories"]) if "categories" in fields else []}
            if column["type"] in ("int", "integer"):
                column["type"] = "long"
            columns.append(column)
        elif line.startswith("{ column ="):
            fields = dict(re.findall(r"(\w+) = ([^,}]+)", line))
            if fields.get("method", "").strip() != "range" or fields.get("action", "").strip() != "quarantine":
                raise SystemExit(f"tabular_bench.py reads only range rules that quarantine: {line}")
            outliers.append({"column": fields["column"].strip(),
                             "min": float(fields["min"]) if "min" in fields else None,
                             "max": float(fields["max"]) if "max" in fields else None})
    nulls = re.search(r"null-values = (\[[^\]]*\])", text)
    if not columns:
        raise SystemExit(f"no declared columns found in {conf_path}")
    return columns, json.loads(nulls.group(1)) if nulls else ["", "NA"], outliers


# ---------------------------------------------------------------------------------------- generator

def generate(conf_path, ames_csv, rows, seed, out_path):
    """Writes ROWS data lines: Ames rows drawn at random with their lot area, price and coordinates varied
    (so that rows are distinct), about 0.5% exact copies of an earlier line (duplicates) and about 0.7%
    lines with one planted fault. Prints what was planted as JSON."""
    import csv
    columns, nulls, _ = read_spec(conf_path)
    with open(ames_csv, newline="") as handle:
        lines = handle.read().splitlines()
    header = next(csv.reader([lines[0]]))
    index = {name: i for i, name in enumerate(header)}
    varied = [index[n] for n in ("Lot_Area", "Sale_Price", "Longitude", "Latitude")]
    if varied != sorted(varied) or varied[1:] != [len(header) - 3, len(header) - 2, len(header) - 1]:
        raise SystemExit("the Ames header is not in the order the generator expects")
    bases = []
    for line in lines[1:]:
        fields = line.split(",")  # Ames values hold no commas
        if len(fields) != len(header):
            raise SystemExit("an Ames line holds a quoted comma; the generator splits on commas")
        bases.append((",".join(fields[:varied[0]]) + ",", int(fields[varied[0]]),
                      "," + ",".join(fields[varied[0] + 1:varied[1]]) + ",", int(fields[varied[1]])))
    by_name = {c["name"]: c for c in columns}
    categorical = [c["name"] for c in columns if c["type"] == "string" and c["categories"]]
    numeric = [c["name"] for c in columns if c["type"] != "string"]
    bounded = [c["name"] for c in columns if c["type"] != "string" and c["max"] is not None]
    longs = [c["name"] for c in columns if c["type"] == "long"]

    def fault(fields):
        kind = rng.randrange(7)
        if kind == 0:
            name = rng.choice(numeric)
            fields[index[name]] = rng.choice(["abc", "1.5d", "1,000", "NaN", "0x10", "12a"])
        elif kind == 1:
            fields[index[rng.choice(list(by_name))]] = rng.choice(nulls + ["NA", " "])
        elif kind == 2:
            fields[index[rng.choice(categorical)]] = '"Mars"'
        elif kind == 3:
            name = rng.choice(bounded)
            fields[index[name]] = str(int(by_name[name]["max"]) + rng.randint(1, 100))
        elif kind == 4:
            fields[index[rng.choice(longs)]] = "2.5"
        elif kind == 5:
            del fields[rng.randrange(len(fields))]
        else:
            fields.append("1")
        return kind

    rng = random.Random(seed)
    recent = []
    planted = {"duplicates": 0, "faults": 0}
    with open(out_path, "w") as out:
        out.write(lines[0] + "\n")
        batch = []
        for _ in range(rows):
            draw = rng.random()
            if draw < 0.005 and recent:
                line = rng.choice(recent)
                planted["duplicates"] += 1
            else:
                prefix, lot, middle, price = rng.choice(bases)
                line = (f"{prefix}{lot + rng.randint(-500, 500) if lot > 600 else lot}{middle}"
                        f"{price + rng.randint(-2000, 2000)},{rng.uniform(-93.7, -93.55):.6f},"
                        f"{rng.uniform(41.98, 42.07):.6f}")
                if draw > 0.993:
                    fields = line.split(",")
                    fault(fields)
                    line = ",".join(fields)
                    planted["faults"] += 1
                elif len(recent) < 1000:
                    recent.append(line)
                else:
                    recent[rng.randrange(1000)] = line
            batch.append(line)
            if len(batch) == 10000:
                out.write("\n".join(batch) + "\n")
                batch = []
        if batch:
            out.write("\n".join(batch) + "\n")
    print(json.dumps(planted))


# ---------------------------------------------------------------------------------------- SQL

def sql_literal(text):
    return "'" + text.replace("'", "''") + "'"


def column_checks(columns, nulls, spark=False):
    """Per declared column, its typed value and its check (a CASE giving a reason code or NULL), as SQL for DuckDB
    or (spark=True) for Spark SQL, which quotes names with backticks, reads backslashes in string literals as
    escapes and has no regexp_full_match or isfinite."""
    null_list = ", ".join(sql_literal(n.strip()) for n in nulls)
    grammar = GRAMMAR.replace("\\", "\\\\") if spark else GRAMMAR
    typed, checks = [], []
    for c in columns:
        raw = f'`{c["name"]}`' if spark else f'"{c["name"]}"'
        missing = f"({raw} IS NULL OR trim({raw}) IN ({null_list}))"
        name = sql_literal(c["name"])
        when = [f"WHEN {missing} THEN {'1' if c['required'] else 'NULL'}"]
        if c["type"] == "string":
            value = raw
            if c["categories"]:
                categories = ", ".join(sql_literal(v) for v in c["categories"])
                when.append(f"WHEN {raw} NOT IN ({categories}) THEN 5")
        else:
            number = f"TRY_CAST(trim({raw}) AS DOUBLE)"
            if spark:
                invalid = f"NOT trim({raw}) RLIKE '^(?:{grammar})$' OR NOT abs({number}) < double('Infinity')"
            else:
                invalid = f"NOT regexp_full_match(trim({raw}), '{grammar}') OR NOT isfinite({number})"
            when.append(f"WHEN {invalid} THEN 3")
            if c["type"] == "long":
                when.append(f"WHEN {number} <> floor({number}) OR abs({number}) >= 9.2e18 THEN 4")
                value = f"CASE WHEN NOT {missing} THEN TRY_CAST({number} AS BIGINT) END"
            else:
                value = f"CASE WHEN NOT {missing} THEN {number} END"
            if c["min"] is not None:
                when.append(f"WHEN {number} < {c['min']!r} THEN 6")
            if c["max"] is not None:
                when.append(f"WHEN {number} > {c['max']!r} THEN 6")
        checks.append((name, f"CASE {' '.join(when)} END"))
        typed.append(f"{value} AS {raw}")
    return typed, checks


def first_fault(checks):
    """The first failing column in declared order, as code * 1000 + column index (NULL when every check passes):
    each check gives a code or NULL; the first non-NULL wins."""
    return "COALESCE(" + ", ".join(f"{check} * 1000 + {i}" for i, (_, check) in enumerate(checks)) + ")"


def spark_schema(conf_path):
    """The declared columns as a Spark DDL schema, each typed as declared (string, double, bigint)."""
    columns, _, _ = read_spec(conf_path)
    types = {"string": "STRING", "double": "DOUBLE", "long": "BIGINT"}
    return ", ".join(f'`{c["name"]}` {types[c["type"]]}' for c in columns)


def spark_rules(conf_path):
    """The clean step's per-row rules as one Spark SQL query over the view `input` (every column a string): the
    first failing column's reason per row, counted per reason (NULL: valid). No duplicate search, no outlier rules,
    no output: the second floor arm of tabular.sh, what Spark pays to check every value with Catalyst expressions."""
    columns, nulls, _ = read_spec(conf_path)
    _, checks = column_checks(columns, nulls, spark=True)
    codes = {1: "missing_required", 3: "invalid_type", 4: "invalid_type", 5: "unknown_category", 6: "out_of_range"}
    reason = "CASE fault DIV 1000 " + " ".join(f"WHEN {k} THEN '{v}'" for k, v in codes.items()) + " ELSE 'valid' END"
    return (f"SELECT reason, count(*) AS n FROM (SELECT {reason} AS reason FROM "
            f"(SELECT {first_fault(checks)} AS fault FROM input)) GROUP BY reason ORDER BY reason")


def sql(conf_path, csv_path, out_dir):
    """The clean step's rules as DuckDB statements, ending with one SELECT of the counts."""
    columns, nulls, outliers = read_spec(conf_path)
    typed, checks = column_checks(columns, nulls)
    codes = {1: "missing_required", 3: "invalid_type", 4: "invalid_type", 5: "unknown_category", 6: "out_of_range"}
    fault_code = first_fault(checks)
    names = "[" + ", ".join(name for name, _ in checks) + "]"
    reason_case = "CASE fault // 1000 " + " ".join(f"WHEN {k} THEN '{v}'" for k, v in codes.items()) + " END"
    declared = ", ".join(f'"{c["name"]}"' for c in columns)
    outside = " OR ".join(
        part for rule in outliers for part in (
            f'"{rule["column"]}" < {rule["min"]!r}' if rule["min"] is not None else None,
            f'"{rule["column"]}" > {rule["max"]!r}' if rule["max"] is not None else None) if part) or "false"
    path = sql_literal(csv_path)
    return f"""SET threads = 2;
SET preserve_insertion_order = true;
CREATE TEMP TABLE parsed AS
  SELECT {', '.join(typed)}, fault
  FROM (SELECT *, {fault_code} AS fault
        FROM read_csv({path}, header = true, all_varchar = true, quote = '"', escape = '"', delim = ',',
                      strict_mode = true, store_rejects = true, parallel = true));
CREATE TEMP TABLE classified AS
  SELECT *, CASE WHEN fault IS NULL AND rank > 1 THEN 'duplicate'
                 WHEN fault IS NULL AND ({outside}) THEN 'outlier'
                 WHEN fault IS NULL THEN 'kept' ELSE 'quarantined' END AS status
  FROM (SELECT *, CASE WHEN fault IS NULL THEN row_number() OVER (PARTITION BY {declared}, fault IS NULL ORDER BY line_no) END AS rank,
               CASE WHEN fault IS NULL THEN first_value(line_no) OVER (PARTITION BY {declared}, fault IS NULL ORDER BY line_no) END AS duplicate_of
        FROM (SELECT rowid AS line_no, * FROM parsed));
COPY (SELECT line_no, {declared} FROM classified WHERE status = 'kept') TO {sql_literal(out_dir + '/kept.parquet')} (FORMAT parquet);
COPY (SELECT line_no, CASE WHEN status = 'outlier' THEN 'outlier' ELSE {reason_case} END AS reason,
             CASE WHEN status = 'outlier' THEN NULL ELSE {names}[fault % 1000 + 1] END AS "column"
      FROM classified WHERE status IN ('quarantined', 'outlier')
      UNION ALL SELECT line AS line_no, 'malformed_row', NULL FROM reject_errors)
  TO {sql_literal(out_dir + '/quarantine.parquet')} (FORMAT parquet);
COPY (SELECT line_no, duplicate_of FROM classified WHERE status = 'duplicate') TO {sql_literal(out_dir + '/duplicates.parquet')} (FORMAT parquet);
SELECT 'rowsIn' AS k, (SELECT count(*) FROM classified) + (SELECT count(DISTINCT line) FROM reject_errors) AS v
UNION ALL SELECT 'rowsKept', count(*) FILTER (WHERE status = 'kept') FROM classified
UNION ALL SELECT 'rowsQuarantined', count(*) FILTER (WHERE status IN ('quarantined', 'outlier')) + (SELECT count(DISTINCT line) FROM reject_errors) FROM classified
UNION ALL SELECT 'rowsDuplicate', count(*) FILTER (WHERE status = 'duplicate') FROM classified
UNION ALL SELECT 'malformed_row', count(DISTINCT line) FROM reject_errors
UNION ALL SELECT reason, count(*) FROM (SELECT CASE WHEN status = 'outlier' THEN 'outlier' ELSE {reason_case} END AS reason
                                     FROM classified WHERE status IN ('quarantined', 'outlier')) GROUP BY reason
"""



# ---------------------------------------------------------------------------------------- profile

# Kinds of work, by the first frame (from the top of a sampled stack) whose class starts with a prefix.
WORK_KINDS = [
    ("CSV field splitting (univocity)", ("com.univocity.",)),
    ("reading lines (Hadoop), UTF-8 check", ("org.apache.hadoop.util.LineReader", "org.apache.hadoop.mapreduce.lib.input",
                                             "org.apache.hadoop.io.Text", "io.greentrain.preprocessing.tabular.TabularCleaner$ParsedLines")),
    ("row parser checks (numbers, categories, ranges)", ("io.greentrain.formats.DecimalNumbers",
                                                         "io.greentrain.preprocessing.tabular.CsvRowParser")),
    ("Row to Spark's internal rows", ("org.apache.spark.sql.catalyst.CatalystTypeConverters",
                                      "org.apache.spark.sql.catalyst.expressions.GenericRow",
                                      "org.apache.spark.sql.catalyst.encoders")),
    ("cache (columnar build and scan)", ("org.apache.spark.sql.execution.columnar.", "org.apache.spark.storage.")),
    ("shuffle, sort and compression", ("org.apache.spark.shuffle.", "org.apache.spark.util.collection.",
                                       "org.apache.spark.sql.execution.UnsafeExternalRowSorter",
                                       "org.apache.spark.sql.execution.UnsafeKVExternalSorter",
                                       "net.jpountz.", "com.github.luben.", "org.apache.spark.io.",
                                       "org.apache.spark.serializer.")),
    ("window (duplicate ranks)", ("org.apache.spark.sql.execution.window.",)),
    ("Parquet writing", ("org.apache.parquet.", "org.apache.spark.sql.execution.datasources.parquet.")),
    ("JSON writing", ("com.fasterxml.jackson.", "org.apache.spark.sql.catalyst.json.")),
    ("generated code (filters, projections, aggregates)", ("org.apache.spark.sql.catalyst.expressions.GeneratedClass",
                                                           "org.apache.spark.sql.catalyst.expressions.codegen.Generated")),
    ("code generation (Janino)", ("org.codehaus.",)),
    ("query analysis and planning (driver)", ("org.apache.spark.sql.catalyst.analysis.", "org.apache.spark.sql.catalyst.optimizer.",
                                              "org.apache.spark.sql.catalyst.trees.", "org.apache.spark.sql.catalyst.plans.",
                                              "org.apache.spark.sql.catalyst.rules.", "org.apache.spark.sql.execution.QueryExecution",
                                              "org.apache.spark.sql.execution.SparkStrategies",
                                              "org.apache.spark.sql.execution.adaptive.", "org.apache.spark.sql.Dataset")),
    ("class loading", ("java.lang.ClassLoader", "jdk.internal.loader.", "java.util.zip.", "java.util.jar.")),
    ("energy plugin and ledger", ("io.greentrain.energy.",)),
]


def work_kind(frames):
    for frame in frames:
        name = frame["method"]["type"]["name"].replace("/", ".")
        for kind, prefixes in WORK_KINDS:
            if name.startswith(prefixes):
                return kind
    return "other"


def jfr_profile(jfr_path):
    """CPU samples of a Java Flight Recorder recording (jdk.ExecutionSample), per kind of work."""
    import subprocess
    text = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample",
                           jfr_path], check=True, capture_output=True, text=True).stdout
    kinds = {}
    for event in json.loads(text)["recording"]["events"]:
        kind = work_kind(event["values"]["stackTrace"]["frames"])
        kinds[kind] = kinds.get(kind, 0) + 1
    statistics_text = subprocess.run(["jfr", "print", "--events", "jdk.CompilerStatistics", jfr_path], check=True,
                                     capture_output=True, text=True).stdout
    spent = re.findall(r"totalTimeSpent = ([0-9.]+) (s|ms)", statistics_text)
    compile_s = max((float(v) / (1000 if unit == "ms" else 1) for v, unit in spent), default=float("nan"))
    return {"samples": kinds, "jit_compile_s": compile_s}


def profile(event_log, jfr_path=None):
    """Where one Spark application's time went: its stages grouped by the call that ran them (wall time from
    the first submission to the last completion, executor run and CPU time, input, shuffle, spill, output),
    the time before the first job and between jobs, and CPU samples per kind of work."""
    events = [json.loads(line) for line in open(event_log)]
    start = next(e["Timestamp"] for e in events if e["Event"] == "SparkListenerApplicationStart")
    end = next(e["Timestamp"] for e in events if e["Event"] == "SparkListenerApplicationEnd")
    calls, jobs = {}, []
    for e in events:
        if e["Event"] == "SparkListenerJobStart":
            jobs.append([e["Submission Time"], None])
        elif e["Event"] == "SparkListenerJobEnd":
            for job in jobs:
                if job[1] is None:
                    job[1] = e["Completion Time"]
                    break
        elif e["Event"] == "SparkListenerStageCompleted":
            stage = e["Stage Info"]
            metrics = {a["Name"].replace("internal.metrics.", ""): a.get("Value", 0)
                       for a in stage.get("Accumulables", []) if isinstance(a.get("Value", 0), (int, float))}
            call = calls.setdefault(stage["Stage Name"], {"stages": 0, "tasks": 0, "first": stage["Submission Time"],
                                                          "last": stage["Completion Time"], "run_s": 0, "cpu_s": 0,
                                                          "gc_s": 0, "input_mb": 0, "shuffle_write_mb": 0,
                                                          "spill_mb": 0, "output_mb": 0})
            call["stages"] += 1
            call["tasks"] += stage["Number of Tasks"]
            call["first"] = min(call["first"], stage["Submission Time"])
            call["last"] = max(call["last"], stage["Completion Time"])
            call["run_s"] += metrics.get("executorRunTime", 0) / 1e3
            call["cpu_s"] += metrics.get("executorCpuTime", 0) / 1e9
            call["gc_s"] += metrics.get("jvmGCTime", 0) / 1e3
            call["input_mb"] += metrics.get("input.bytesRead", 0) / 1e6
            call["shuffle_write_mb"] += metrics.get("shuffle.write.bytesWritten", 0) / 1e6
            call["spill_mb"] += metrics.get("diskBytesSpilled", 0) / 1e6
            call["output_mb"] += metrics.get("output.bytesWritten", 0) / 1e6
    for call in calls.values():
        call["wall_s"] = (call.pop("last") - call.pop("first")) / 1e3
    jobs = [job for job in jobs if job[1] is not None]
    busy, cursor = 0, start
    for first, last in sorted(jobs):
        busy += max(0, last - max(first, cursor))
        cursor = max(cursor, last)
    first_job = min((job[0] for job in jobs), default=end)
    return {"application_s": (end - start) / 1e3, "before_first_job_s": (first_job - start) / 1e3,
            "in_jobs_s": busy / 1e3, "between_jobs_s": (end - first_job - busy) / 1e3, "jobs": len(jobs),
            "calls": calls, "jfr": jfr_profile(jfr_path) if jfr_path else {"samples": {}, "jit_compile_s": float("nan")}}



# ---------------------------------------------------------------------------------------- report

def read_times(work):
    times = {}
    for line in open(f"{work}/results.txt"):
        name, wall, user, sys_ = line.split()
        times[name] = (float(wall), float(user) + float(sys_))
    return times


QUIET_OTHER_CORES = 0.25  # other processes' mean use of the cores during the timed runs, below which it is quiet


def machine_note(work, times, load):
    """How busy the machine was apart from the benchmark: the load average before the runs (tabular.sh writes it
    before anything of its own starts) and at the end, and the mean number of cores that other processes took
    during the timed size runs (the machine's busy CPU time during each run minus the run's own CPU time). The
    load average at the end alone cannot tell: on 2 cores the runs themselves raise it to about 2."""
    before = open(f"{work}/load-before.txt").read().strip() if os.path.exists(f"{work}/load-before.txt") else "?"
    busy = {}
    if os.path.exists(f"{work}/busy.txt"):
        for line in open(f"{work}/busy.txt"):
            name, seconds = line.split()
            busy[name] = float(seconds)
    runs = [name for name in busy if name.startswith(("greentrain-", "duckdb-")) and name in times]
    text = f"load average {before} before the runs, {load} at the end"
    if not runs:
        return text
    wall = sum(times[name][0] for name in runs)
    others = sum(max(0.0, busy[name] - times[name][1]) for name in runs) / wall
    verdict = "a quiet machine" if others < QUIET_OTHER_CORES else "other processes shared the machine"
    return (f"{text}; other processes took {others:.2f} of the {os.cpu_count()} cores on average during the timed "
            f"runs ({verdict})")


def floor_table(times, sizes, rounds):
    """Spark's floor beside greentrain and DuckDB (the spark-floor and spark-rules arms of tabular.sh, in the same
    rounds): wall and CPU seconds, their ratio to DuckDB per pair, and how much of greentrain's CPU lies above the
    floor. Empty for a work folder without them."""
    med = statistics.median
    if not all(f"spark-floor-{size}-1" in times and f"spark-rules-{size}-1" in times for size in sizes):
        return []
    lines = [
        "",
        "**Spark's floor, in the same rounds** (`SparkFloor.java`: one JVM with `scripts/greentrain`'s settings for "
        "`clean`, `local[2]`, no greentrain code, no energy plugin, no event log or Flight Recorder). *read + write*: "
        "Spark's built-in CSV reader with the declared schema (every number parsed by the reader), written once to "
        "Parquet: the least any Spark job does for this task. *read + rules + count*: every column read as a string, "
        "every value checked with the rules as Spark SQL expressions (`tabular_bench.py spark-rules`; the 74 "
        "columns' checks exceed whole-stage code generation's 64 KB method, so Spark falls back to per-expression "
        "code), the outcomes counted, nothing written. Neither keeps byte offsets, looks for duplicates or writes "
        "quarantined rows. Both are checked to read as many rows as greentrain's `rowsIn`. Ratios are to DuckDB's "
        "run of the same round; *above the floor*: greentrain's CPU seconds less those of *read + write* (medians), "
        "and that as a share of greentrain's.",
        "",
        "| rows | read + write wall s | CPU s | ratio wall / CPU to DuckDB | read + rules + count wall s | CPU s "
        "| ratio wall / CPU | greentrain CPU s above the floor |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for size in sizes:
        dk = [times[f"duckdb-{size}-{r}"] for r in range(1, rounds + 1)]
        gt = [times[f"greentrain-{size}-{r}"] for r in range(1, rounds + 1)]
        row = [f"{int(size):,}"]
        for arm in ("spark-floor", "spark-rules"):
            runs = [times[f"{arm}-{size}-{r}"] for r in range(1, rounds + 1)]
            row += [f"{med(w for w, _ in runs):.1f}", f"{med(c for _, c in runs):.1f}",
                    f"{med(a[0] / d[0] for a, d in zip(runs, dk)):.2f}x / "
                    f"{med(a[1] / d[1] for a, d in zip(runs, dk)):.2f}x"]
        floor_cpu = med(times[f"spark-floor-{size}-{r}"][1] for r in range(1, rounds + 1))
        gt_cpu = med(c for _, c in gt)
        row.append(f"{gt_cpu - floor_cpu:.1f} ({100 * (gt_cpu - floor_cpu) / gt_cpu:.0f}%)")
        lines.append("| " + " | ".join(row) + " |")
    return lines


def report(doc, work, sizes, rounds, load):
    """Writes the tabular section of DOC from the work folder of one tabular.sh run."""
    from datetime import date
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from benchmarks_md import replace_section
    med = statistics.median
    times = read_times(work)
    lines = [
        "<!-- bench:tabular -->",
        "## Tabular cleaning against DuckDB (`scripts/bench/tabular.sh`)",
        "",
        f"Written by `scripts/bench/tabular.sh {','.join(sizes)} {rounds}` on {date.today().isoformat()} "
        f"({os.cpu_count()} cores; {machine_note(work, times, load)}). Inputs: seeded "
        "Ames-shaped CSVs (rows of the example drawn at random with lot area, price and coordinates varied; about "
        "0.5% planted exact duplicates, 0.7% planted faults). greentrain: `clean` with the example's configuration, "
        "`local[2]`, one JVM per run as a user runs it (start-up included, with `scripts/greentrain`'s defaults: the "
        "JIT compiler's first tier only), energy plugin on, Spark event log and a Flight Recorder recording on "
        "(and so without the class-data sharing archive, which `scripts/greentrain` leaves out when Flight "
        "Recorder is on). DuckDB: `org.duckdb:duckdb_jdbc` over JDBC in one JVM, in memory, "
        "`SET threads = 2`, the same rules in SQL (`tabular_bench.py sql`), writing kept, quarantined and "
        "duplicate rows to Parquet (with line numbers and reasons, but not the raw lines and the JSON Lines copies "
        f"that greentrain also writes for the 1-2% of rows that are not kept). {rounds} run(s) of each tool per size, "
        "interleaved, alternating which tool goes first; medians, and the ratio per pair. CPU seconds are the whole process's (user + system: "
        "every thread, the JIT compiler and GC included); on a shared machine they are steadier than wall time. "
        "The counts of both tools are checked equal (rows in, kept, quarantined per reason, duplicates) or the "
        "script fails.",
        "",
        "| rows | MB | rows in = kept + quarantined + duplicates | greentrain wall s | CPU s | MB/s (wall) "
        "| DuckDB wall s | CPU s | MB/s (wall) | ratio wall (per pair) | ratio CPU |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size in sizes:
        mb = int(open(f"{work}/bytes-{size}.txt").read()) / 1e6
        counts = json.load(open(f"{work}/greentrain-{size}-1.counts"))
        gt = [times[f"greentrain-{size}-{r}"] for r in range(1, rounds + 1)]
        dk = [times[f"duckdb-{size}-{r}"] for r in range(1, rounds + 1)]
        ratio_wall = [g[0] / d[0] for g, d in zip(gt, dk)]
        ratio_cpu = [g[1] / d[1] for g, d in zip(gt, dk)]
        gt_wall, dk_wall = med(w for w, _ in gt), med(w for w, _ in dk)
        lines.append(
            f"| {int(size):,} | {mb:.0f} | {counts['rowsIn']:,} = {counts['rowsKept']:,} + "
            f"{counts['rowsQuarantined']:,} + {counts['rowsDuplicate']:,} | {gt_wall:.1f} "
            f"({', '.join(f'{w:.1f}' for w, _ in gt)}) | {med(c for _, c in gt):.1f} | {mb / gt_wall:.3g} | "
            f"{dk_wall:.1f} ({', '.join(f'{w:.1f}' for w, _ in dk)}) | {med(c for _, c in dk):.1f} | "
            f"{mb / dk_wall:.3g} | {med(ratio_wall):.2f}x ({', '.join(f'{r:.2f}' for r in ratio_wall)}) | "
            f"{med(ratio_cpu):.2f}x |")
    lines += floor_table(times, sizes, rounds)
    skipped = [size for size in DEFAULT_SIZES if size not in sizes]
    if skipped:
        lines += ["", f"Not run this time (in the default list): {', '.join(f'{int(s):,}' for s in skipped)} rows."]
    ames = {step: [times[f"ames-{step}-{r}"] for r in range(1, rounds + 1)]
            for step in ("clean", "convert", "pipeline")}
    pipelines = [json.load(open(f"{work}/ames-pipeline-{r}.json")) for r in range(1, rounds + 1)]
    clean_wall, clean_cpu = med(w for w, _ in ames["clean"]), med(c for _, c in ames["clean"])
    convert_wall, convert_cpu = med(w for w, _ in ames["convert"]), med(c for _, c in ames["convert"])
    pipeline_wall, pipeline_cpu = med(w for w, _ in ames["pipeline"]), med(c for _, c in ames["pipeline"])
    together = [clean[0] + convert[0] for clean, convert in zip(ames["clean"], ames["convert"])]
    in_pipeline = [p["stepSeconds"]["clean"] + p["stepSeconds"]["convert"] for p in pipelines]
    step_clean = med(p["stepSeconds"]["clean"] for p in pipelines)
    step_convert = med(p["stepSeconds"]["convert"] for p in pipelines)
    start_stop = med(w - p["durationSeconds"] for (w, _), p in zip(ames["pipeline"], pipelines))

    def each(values):
        return f" ({', '.join(f'{v:.1f}' for v in values)})" if len(values) > 1 else ""

    lines += [
        "",
        f"**The Ames example** (2,930 rows; {rounds} run(s) of each, interleaved, medians, each run's figure in "
        "brackets; as a user runs them: `scripts/greentrain`'s defaults with the class-data sharing archive, "
        "without the event log and Flight Recorder of the runs above, each command its own JVM): "
        f"`clean` {clean_wall:.1f} s wall ({clean_cpu:.1f} CPU s), `convert` {convert_wall:.1f} s wall "
        f"({convert_cpu:.1f} CPU s): {med(together):.1f} s together{each(together)} against the goal of 10 s. "
        f"Inside one `pipeline` run (one JVM, Spark session and energy plugin for every step; "
        f"`greentrain.train.epochs=1`), from the step times in its `summary.json` (`stepSeconds`): `clean` "
        f"{step_clean:.1f} s + `convert` {step_convert:.1f} s = {med(in_pipeline):.1f} s{each(in_pipeline)}; "
        f"the run's own start (JVM, Spark's session, the plugin and the ledger) is not in them: it took "
        f"{start_stop:.1f} s of the run's {pipeline_wall:.1f} s wall "
        f"({pipeline_cpu:.1f} CPU s, with one training epoch and the evaluation), start and stop together.",
        "",
        "### Where greentrain's time goes (profile of the first run at each size)",
        "",
        "From the run's Spark event log: the application's time before its first job (session and plugin start, "
        "reading headers), inside jobs, and between jobs (the driver analysing, optimising and planning queries, "
        "writing markers); per call that ran stages: wall time from its first stage's submission to its last "
        "stage's end, executor run and CPU time (both task threads added up), and bytes. From the Flight "
        "Recorder: Java CPU samples (all threads) by the kind of work at the top of the stack, and the JIT "
        "compiler's time (its own threads, not in the samples).",
    ]
    for size in sizes:
        prof = json.load(open(f"{work}/profile-{size}.json"))
        lines += [
            "",
            f"**{int(size):,} rows**: application {prof['application_s']:.1f} s = {prof['before_first_job_s']:.1f} s "
            f"before the first job + {prof['in_jobs_s']:.1f} s in {prof['jobs']} jobs + "
            f"{prof['between_jobs_s']:.1f} s between jobs; JIT compiler {prof['jfr']['jit_compile_s']:.1f} s.",
            "",
            "| call (stages) | wall s | executor run s | executor CPU s | GC s | input MB | shuffle write MB "
            "| spill MB | output MB |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for call, m in prof["calls"].items():
            lines.append(f"| {call} ({m['stages']}) | {m['wall_s']:.1f} | {m['run_s']:.1f} | {m['cpu_s']:.1f} | "
                         f"{m['gc_s']:.1f} | {m['input_mb']:.0f} | {m['shuffle_write_mb']:.0f} | "
                         f"{m['spill_mb']:.0f} | {m['output_mb']:.0f} |")
        samples = prof["jfr"]["samples"]
        total = sum(samples.values()) or 1
        shares = ", ".join(f"{kind} {100 * n / total:.0f}%" for kind, n in
                           sorted(samples.items(), key=lambda item: -item[1]) if 100 * n / total >= 1)
        lines += ["", f"CPU samples ({total:,}): {shares}."]
    lines += ["", open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "tabular_notes.md")).read().strip(),
              "<!-- /bench:tabular -->"]
    replace_section(doc, "tabular", "\n".join(lines) + "\n")
    print("\n".join(lines))


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    if command == "generate" and len(argv) == 7:
        generate(argv[2], argv[3], int(argv[4]), int(argv[5]), argv[6])
    elif command == "sql" and len(argv) == 5:
        print(sql(argv[2], argv[3], argv[4]))
    elif command == "spark-schema" and len(argv) == 3:
        print(spark_schema(argv[2]))
    elif command == "spark-rules" and len(argv) == 3:
        print(spark_rules(argv[2]))
    elif command == "profile" and len(argv) in (3, 4):
        print(json.dumps(profile(*argv[2:])))
    elif command == "report" and len(argv) == 7:
        report(argv[2], argv[3], argv[4].split(","), int(argv[5]), argv[6])
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
