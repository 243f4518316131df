package io.greentrain.energy.report;

import io.greentrain.energy.EnergyConf;
import io.greentrain.energy.ledger.LedgerField;
import io.greentrain.energy.ledger.LedgerFormat;
import io.greentrain.energy.ledger.LedgerReader;
import io.greentrain.energy.ledger.LedgerVerification;
import io.greentrain.energy.ledger.LedgerVerifier;
import io.greentrain.energy.ledger.RunVerification;
import io.greentrain.energy.ledger.WorkRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The report of one or more carbon ledgers: what a run (or several) used and emitted, per phase,
 * executor and device, and per unit of work where the ledger holds work records, in CodeCarbon's CSV
 * format, as Parquet tables, as JSON and as one HTML page. Work records never add to energy sums.
 *
 * <pre>
 * OUT/emissions.csv   CodeCarbon's emissions.csv columns, one row per run ({@link CodeCarbonCsv})
 * OUT/entries/        the ledger entries, every field as in the ledger, sorted by run and sequence (Parquet)
 * OUT/by_phase/       per run and phase: kWh (IT, with PUE, active, idle, measured, estimated),
 *                     kg CO2e (location, market, embodied), first and last window (Parquet)
 * OUT/by_executor/    the same per run, application, executor and host, with devices and mean power (Parquet)
 * OUT/work/           the ledger's work records (phase, unit, amount), sorted by run and sequence (Parquet)
 * OUT/per_unit/       per run and phase group (and per whole run) and unit of work: the work, the energy and
 *                     CO2e of that scope, and J, kWh and gCO2e per unit ({@link WorkIntensity}) (Parquet)
 * OUT/per_unit.json   the same rows as JSON
 * OUT/sci.json        per run, the Software Carbon Intensity per functional unit, its boundary and market-based
 *                     figures apart ({@link SciScore})
 * OUT/report.html     the answer first (what the runs cost, per what, how sure), then tables and charts;
 *                     self-contained ({@link HtmlReport})
 * </pre>
 *
 * Every ledger is verified first ({@link LedgerVerifier}), and a broken chain stops the report unless the caller
 * allows it; the result ({@link ReportResult#verifications()}) and the page say whether each run verified and was
 * sealed.
 *
 * <p>Two engines write the same outputs ({@link ReportEngine}): {@link #write(SparkSession, List, String, boolean)}
 * runs several small Spark jobs (driver-only), for ledgers of any size; {@link #writeLocal} computes in plain Java
 * without Spark, for small ledgers. Parquet folders are replaced; the CSV and HTML files are written beside a hidden
 * temporary file and renamed into place.
 */
public final class LedgerReport {

    public static final String EMISSIONS_CSV = "emissions.csv";
    public static final String ENTRIES = "entries";
    public static final String BY_PHASE = "by_phase";
    public static final String BY_EXECUTOR = "by_executor";
    public static final String REPORT_HTML = "report.html";
    public static final String WORK = "work";
    public static final String PER_UNIT = "per_unit";
    public static final String PER_UNIT_JSON = "per_unit.json";
    public static final String SCI_JSON = "sci.json";

    /** The report's outputs below {@code OUT}, files and Parquet folders: everything {@link #write} replaces. */
    public static final List<String> OUTPUTS = List.of(EMISSIONS_CSV, ENTRIES, BY_PHASE, BY_EXECUTOR, WORK, PER_UNIT,
            PER_UNIT_JSON, SCI_JSON, REPORT_HTML);

    private LedgerReport() {
    }

    /**
     * The segment files {@link #write} reads from {@code ledgerPaths} (any Hadoop file system), sorted and without
     * repeats; a caller may fingerprint them to tell whether a report is up to date.
     *
     * @throws IllegalArgumentException naming the folder, when a ledger path holds no segment
     */
    public static List<String> segmentFiles(List<String> ledgerPaths, Configuration conf) {
        return LedgerLines.segmentFiles(ledgerPaths, conf);
    }

    /** The bytes of {@code segmentFiles} added up: what {@link ReportEngine#resolve} chooses by. */
    public static long segmentBytes(List<String> segmentFiles, Configuration conf) {
        return LedgerLines.bytes(segmentFiles, conf);
    }

    /**
     * Reads every {@code run=<runId>/segment-<first>-<last>.jsonl} below each of {@code ledgerPaths}
     * (any Hadoop file system; hidden, {@code _}-prefixed and temporary files are never read) and
     * writes the report into {@code outDir}.
     *
     * @throws IllegalArgumentException naming the path or file, when a ledger path holds no segment,
     *                                  a line is not a ledger entry or work record, or a run has two
     *                                  different lines with one sequence number
     */
    public static ReportResult write(SparkSession spark, List<String> ledgerPaths, String outDir) {
        return write(spark, ledgerPaths, outDir, false);
    }

    /**
     * {@link #write(SparkSession, List, String)}, after verifying every run of every ledger: a broken chain stops the
     * report with a {@link BrokenLedgerException} before anything is written, unless {@code allowBroken}; then the
     * report is written and says which runs are broken.
     *
     * @throws BrokenLedgerException    naming the first broken run, when a chain is broken and not allowed
     * @throws IllegalArgumentException as {@link #write(SparkSession, List, String)}
     */
    public static ReportResult write(SparkSession spark, List<String> ledgerPaths, String outDir,
                                     boolean allowBroken) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        Map<String, RunVerification> verified = verify(ledgerPaths, conf, allowBroken);
        String out = outDir.endsWith("/") ? outDir.substring(0, outDir.length() - 1) : outDir;
        String entriesPath = out + "/" + ENTRIES;
        String byPhasePath = out + "/" + BY_PHASE;
        String byExecutorPath = out + "/" + BY_EXECUTOR;
        String workPath = out + "/" + WORK;
        String perUnitPath = out + "/" + PER_UNIT;

        List<String> segments = LedgerEntries.segmentFiles(ledgerPaths, conf);
        LedgerEntries.Lines lines = LedgerEntries.read(spark, segments);
        lines.entries()
                .orderBy("runId", "sequence")
                .write().mode(SaveMode.Overwrite).parquet(entriesPath);
        lines.work().orderBy("runId", "sequence").coalesce(1).write().mode(SaveMode.Overwrite).parquet(workPath);
        // The tables and charts below read this Parquet copy rather than parsing the JSON again each time.
        Dataset<Row> stored = spark.read().parquet(entriesPath);
        long entryRows = stored.count();
        Dataset<Row> entries = LedgerEntries.withDerivedColumns(stored);

        LedgerAggregates.byPhase(entries).coalesce(1).write().mode(SaveMode.Overwrite).parquet(byPhasePath);
        LedgerAggregates.byExecutor(entries).coalesce(1).write().mode(SaveMode.Overwrite).parquet(byExecutorPath);
        List<LedgerAggregates.PhaseTotals> byPhase = LedgerAggregates.phaseTotals(spark.read().parquet(byPhasePath));
        List<LedgerAggregates.ExecutorTotals> byExecutor =
                LedgerAggregates.executorTotals(spark.read().parquet(byExecutorPath));

        List<WorkIntensity> perUnit = WorkIntensity.of(entries, spark.read().parquet(workPath));
        WorkIntensity.toDataset(spark, perUnit).coalesce(1).write().mode(SaveMode.Overwrite).parquet(perUnitPath);

        List<RunSummary> runs = LedgerAggregates.runSummaries(entries);
        ChartData charts = ChartData.collect(entries, byPhase, byExecutor, runs);
        return finish(new Computed(ledgerPaths, out, conf, csvSettings(sparkProperties(spark)), verified, segments,
                entryRows, runs, byPhase, byExecutor, perUnit, charts, LedgerAggregates.estimateSources(entries)));
    }

    /**
     * {@link #write(SparkSession, List, String, boolean)} without Spark: the {@link ReportEngine#LOCAL local engine},
     * which reads the segments in plain Java ({@link LedgerLines}) and computes the same aggregates, and writes the
     * same files and Parquet tables (with parquet-hadoop's writer, {@link ParquetTable}). No Spark session is started
     * and no Spark class is needed, so it suits ledgers of up to a few tens of megabytes
     * ({@link ReportEngine#LOCAL_LIMIT_BYTES}); larger ones need {@link ReportEngine#SPARK}.
     *
     * @param conf            the Hadoop configuration to read and write with ({@link #localConfiguration})
     * @param sparkProperties Spark's configuration as spark-submit gives it ({@link #localSparkProperties}): the
     *                        report's keys of {@link EnergyConf} are read from it
     * @throws BrokenLedgerException    as {@link #write(SparkSession, List, String, boolean)}
     * @throws IllegalArgumentException as {@link #write(SparkSession, List, String, boolean)}
     */
    public static ReportResult writeLocal(List<String> ledgerPaths, String outDir, boolean allowBroken,
                                          Configuration conf, Map<String, String> sparkProperties) {
        Map<String, RunVerification> verified = verify(ledgerPaths, conf, allowBroken);
        String out = outDir.endsWith("/") ? outDir.substring(0, outDir.length() - 1) : outDir;
        List<String> segments = LedgerLines.segmentFiles(ledgerPaths, conf);
        LedgerLines.Lines lines = LedgerLines.read(segments, conf);
        List<LedgerLines.EnergyLine> entries = lines.entries();
        ParquetTable.write(out + "/" + ENTRIES, ENTRY_COLUMNS,
                entries.stream().map(LedgerLines.EnergyLine::values).toList(), conf);
        ParquetTable.write(out + "/" + WORK, WORK_COLUMNS, lines.work().stream().map(LedgerReport::workValues)
                .toList(), conf);
        List<LedgerAggregates.PhaseTotals> byPhase = LedgerAggregates.byPhase(entries);
        ParquetTable.write(out + "/" + BY_PHASE, LedgerAggregates.PhaseTotals.COLUMNS,
                byPhase.stream().map(LedgerAggregates.PhaseTotals::values).toList(), conf);
        List<LedgerAggregates.ExecutorTotals> byExecutor = LedgerAggregates.byExecutor(entries);
        ParquetTable.write(out + "/" + BY_EXECUTOR, LedgerAggregates.ExecutorTotals.COLUMNS,
                byExecutor.stream().map(LedgerAggregates.ExecutorTotals::values).toList(), conf);
        List<WorkIntensity> perUnit = WorkIntensity.of(entries, lines.work());
        ParquetTable.write(out + "/" + PER_UNIT, WorkIntensity.COLUMNS,
                perUnit.stream().map(WorkIntensity::values).toList(), conf);
        List<RunSummary> runs = LedgerAggregates.runSummaries(entries);
        ChartData charts = ChartData.collect(entries, byPhase, byExecutor, runs);
        return finish(new Computed(ledgerPaths, out, conf, csvSettings(sparkProperties), verified, segments,
                entries.size(), runs, byPhase, byExecutor, perUnit, charts, LedgerAggregates.estimateSources(entries)));
    }

    /** The columns of {@code entries/}: an energy line's fields ({@link LedgerFormat#ENERGY_FIELDS}), in order. */
    private static final List<ParquetTable.Column> ENTRY_COLUMNS = columns(LedgerFormat.ENERGY_FIELDS);

    /** The columns of {@code work/}: a work line's fields ({@link LedgerFormat#WORK_FIELDS}), in order. */
    private static final List<ParquetTable.Column> WORK_COLUMNS = columns(LedgerFormat.WORK_FIELDS);

    private static List<ParquetTable.Column> columns(List<LedgerField> fields) {
        return fields.stream().map(field -> ParquetTable.Column.of(field.name(), switch (field.type()) {
            case TEXT -> ParquetTable.Type.TEXT;
            case INTEGER -> ParquetTable.Type.LONG;
            case REAL -> ParquetTable.Type.DOUBLE;
        })).toList();
    }

    private static Object[] workValues(WorkRecord record) {
        return LedgerFormat.names(LedgerFormat.WORK_FIELDS).stream()
                .map(name -> LedgerLines.EnergyLine.value(record, name)).toArray();
    }

    /** What either engine computed, for the files both write alike. */
    private record Computed(List<String> ledgerPaths, String out, Configuration conf, CodeCarbonCsv.Settings csv,
                            Map<String, RunVerification> verified, List<String> segments, long entryRows,
                            List<RunSummary> runs, List<LedgerAggregates.PhaseTotals> byPhase,
                            List<LedgerAggregates.ExecutorTotals> byExecutor, List<WorkIntensity> perUnit,
                            ChartData charts, Map<String, List<String>> estimateSources) {
    }

    /** Writes {@code per_unit.json}, {@code emissions.csv}, {@code sci.json} and the page; returns the result. */
    private static ReportResult finish(Computed report) {
        String out = report.out();
        Configuration conf = report.conf();
        String csvPath = out + "/" + EMISSIONS_CSV;
        String htmlPath = out + "/" + REPORT_HTML;
        String perUnitJsonPath = out + "/" + PER_UNIT_JSON;
        ReportFiles.writeJson(WorkIntensity.toJson(report.perUnit()), perUnitJsonPath, conf);
        List<RunSummary> runs = report.runs();
        ReportFiles.writeText(CodeCarbonCsv.render(runs, report.csv()), csvPath, conf);
        Map<String, RunDescription> descriptions = describe(report.ledgerPaths(), conf, report.verified(),
                report.estimateSources());
        List<SciScore> sci = SciScore.of(runs, report.perUnit(), boundaries(report.byPhase()),
                uncertainties(report.verified()));
        ReportFiles.writeJson(SciScore.toJson(sci), out + "/" + SCI_JSON, conf);
        ReportFiles.writeText(HtmlReport.render(report.ledgerPaths(), Instant.now(), runs, report.perUnit(),
                report.charts(), descriptions, sci), htmlPath, conf);

        RunSummary total = RunSummary.combine(RunSummary.ALL_RUNS, runs);
        return new ReportResult(csvPath, out + "/" + ENTRIES, out + "/" + BY_PHASE, out + "/" + BY_EXECUTOR, htmlPath,
                report.segments().size(), report.entryRows(), runs.size(), report.byPhase().size(),
                report.byExecutor().size(),
                new ReportResult.Totals(total.itKwh(), total.facilityKwh(), total.locationKg(), total.marketKg(),
                        total.embodiedKg(), total.measuredShare()),
                out + "/" + WORK, out + "/" + PER_UNIT, perUnitJsonPath, report.perUnit(),
                List.copyOf(report.verified().values()), sci);
    }

    /** Per run, the phase groups that hold energy ({@code by_phase/} rows), in natural order: the SCI boundary. */
    private static Map<String, List<String>> boundaries(List<LedgerAggregates.PhaseTotals> byPhase) {
        Map<String, java.util.SortedSet<String>> groups = new TreeMap<>();
        for (LedgerAggregates.PhaseTotals row : byPhase) {
            groups.computeIfAbsent(row.runId(), run -> new java.util.TreeSet<>(
                    io.greentrain.energy.api.Phases.NATURAL_ORDER))
                    .add(io.greentrain.energy.api.Phases.group(row.phase()));
        }
        Map<String, List<String>> out = new TreeMap<>();
        groups.forEach((run, phases) -> out.put(run, List.copyOf(phases)));
        return out;
    }

    /** Per run, how sure its energy is, as its verification added it up. */
    private static Map<String, io.greentrain.energy.ledger.EnergyUncertainty> uncertainties(
            Map<String, RunVerification> verified) {
        Map<String, io.greentrain.energy.ledger.EnergyUncertainty> out = new TreeMap<>();
        verified.forEach((run, verification) -> out.put(run, verification.uncertainty()));
        return out;
    }

    /** The CSV's configured columns, from the report's Spark configuration ({@link EnergyConf}'s report keys). */
    private static CodeCarbonCsv.Settings csvSettings(Map<String, String> sparkProperties) {
        return new CodeCarbonCsv.Settings(EnergyConf.REPORT_EXPERIMENT_ID.get(sparkProperties),
                EnergyConf.REPORT_WUE.get(sparkProperties));
    }

    private static Map<String, String> sparkProperties(SparkSession spark) {
        Map<String, String> conf = new java.util.HashMap<>();
        for (scala.Tuple2<String, String> entry : spark.sparkContext().getConf().getAll()) {
            conf.put(entry._1(), entry._2());
        }
        return conf;
    }

    /**
     * Spark's configuration as a driver without a session sees it: the {@code spark.*} system properties, which is
     * where spark-submit's {@code --conf} and {@code spark-defaults.conf} settings, and {@code -Dspark.*} options,
     * reach the driver (as {@code new SparkConf()} reads them).
     */
    public static Map<String, String> localSparkProperties() {
        Map<String, String> conf = new TreeMap<>();
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("spark."))
                .forEach(name -> conf.put(name, System.getProperty(name)));
        return conf;
    }

    /**
     * The Hadoop configuration the local engine reads and writes with: Hadoop's defaults and site files, with every
     * {@code spark.hadoop.*} property of {@link #localSparkProperties} set without its prefix, as Spark does.
     */
    public static Configuration localConfiguration() {
        Configuration conf = new Configuration();
        localSparkProperties().forEach((name, value) -> {
            if (name.startsWith("spark.hadoop.")) {
                conf.set(name.substring("spark.hadoop.".length()), value);
            }
        });
        return conf;
    }

    /**
     * Every run of {@code ledgerPaths} verified, by run id, as {@link #write(SparkSession, List, String, boolean)}
     * does first; a caller that replaces an earlier report may call it before removing anything.
     *
     * @throws BrokenLedgerException when a run is broken and {@code allowBroken} is false
     */
    public static Map<String, RunVerification> verify(List<String> ledgerPaths, Configuration conf,
                                                       boolean allowBroken) {
        Map<String, RunVerification> runs = new TreeMap<>();
        for (String ledgerPath : ledgerPaths) {
            Path path = new Path(ledgerPath);
            LedgerVerification verification;
            try {
                FileSystem fs = path.getFileSystem(conf);
                if (!fs.exists(path)) {
                    continue; // segmentFiles names the missing path in its own words
                }
                verification = new LedgerVerifier(fs, path).verifyAll();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot verify the ledger " + ledgerPath, e);
            }
            if (!allowBroken && !verification.ok()) {
                throw new BrokenLedgerException(ledgerPath + ": " + verification.describe());
            }
            verification.runs().forEach(run -> runs.put(run.runId(), run));
        }
        return runs;
    }

    /**
     * Per run of {@code ledgerPaths}: its verification ({@code verified}), the metadata in the {@code summary.json}
     * beside the ledger holding it ({@link RunMetadata#besideLedger}), the comparison of training settings beside it
     * ({@link LeversComparison#besideLedger}), and its {@code estimateSources}.
     */
    private static Map<String, RunDescription> describe(List<String> ledgerPaths, Configuration conf,
                                                        Map<String, RunVerification> verified,
                                                        Map<String, List<String>> estimateSources) {
        Map<String, RunDescription> descriptions = new TreeMap<>();
        for (String ledgerPath : ledgerPaths) {
            RunMetadata metadata = RunMetadata.besideLedger(ledgerPath, conf).orElse(null);
            LeversComparison levers = LeversComparison.besideLedger(ledgerPath, conf).orElse(null);
            Path path = new Path(ledgerPath);
            List<String> runIds;
            try {
                runIds = new LedgerReader(path.getFileSystem(conf), path).runIds();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the ledger " + ledgerPath, e);
            }
            for (String runId : runIds) {
                descriptions.put(runId, new RunDescription(metadata, verified.get(runId),
                        estimateSources.getOrDefault(runId, List.of()), levers));
            }
        }
        estimateSources.forEach((run, sources) ->
                descriptions.putIfAbsent(run, new RunDescription(null, null, sources)));
        return descriptions;
    }
}
