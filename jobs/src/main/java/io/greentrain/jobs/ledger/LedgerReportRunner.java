package io.greentrain.jobs.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.formats.JsonFiles;
import io.greentrain.energy.report.LedgerReport;
import io.greentrain.energy.report.ReportEngine;
import io.greentrain.energy.report.ReportResult;
import io.greentrain.energy.report.ReportSession;
import io.greentrain.jobs.JobRunner;
import io.greentrain.jobs.RunLayout;
import io.greentrain.jobs.StagedOutputs;
import io.greentrain.jobs.StepMarker;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Runs {@link LedgerReport} and prints where it wrote: by default with the engine {@link ReportEngine#AUTO} picks
 * (for a small ledger plain Java without a Spark session, {@link LedgerReport#writeLocal}; above
 * {@link ReportEngine#LOCAL_LIMIT_BYTES} a light, unmetered session, {@link ReportSession}), or with
 * {@code --engine}'s; with {@code --meter}, in a session with the energy plugin and a ledger of its own under
 * {@code OUT/ledger}. Idempotent
 * like the pipeline's steps (see {@link RunLayout}): the report is written under
 * {@code OUT/_staging/report/}, committed by rename, then marked done in {@code OUT/_markers/report.json}
 * with a fingerprint of the segment files read (names and lengths); a second run over unchanged
 * ledgers is skipped unless forced. Only the report's own outputs are replaced; anything else in
 * {@code OUT} (the ledger of a metered report's own Spark application, for one) is left alone.
 */
final class LedgerReportRunner {

    static final String STEP = "report";
    static final List<String> OUTPUTS = LedgerReport.OUTPUTS;

    /** The marker's application id for a report the local engine wrote, which runs no Spark application. */
    static final String LOCAL_APPLICATION = "local engine, no Spark application";

    private LedgerReportRunner() {
    }

    static int run(List<String> ledgers, String outDir, boolean force, boolean allowBroken, boolean meter,
                   PrintStream out) {
        return run(ledgers, outDir, force, allowBroken, meter ? ReportEngine.SPARK : ReportEngine.AUTO, meter, out);
    }

    /**
     * Writes the report with {@code engine} ({@link ReportEngine#AUTO} resolved by the segments' size); with
     * {@code meter}, in a metered Spark application (the caller makes sure the engine is then Spark).
     */
    static int run(List<String> ledgers, String outDir, boolean force, boolean allowBroken, ReportEngine engine,
                   boolean meter, PrintStream out) {
        String dir = outDir.endsWith("/") ? outDir.substring(0, outDir.length() - 1) : outDir;
        Configuration localConf = LedgerReport.localConfiguration();
        List<String> segments = LedgerReport.segmentFiles(ledgers, localConf);
        ReportEngine chosen = meter ? ReportEngine.SPARK
                : engine.resolve(LedgerReport.segmentBytes(segments, localConf));
        SparkSession spark = null;
        Optional<ReportSession> light = Optional.empty();
        if (meter) {
            spark = JobRunner.session("greentrain ledger report", new RunLayout(dir));
        } else if (chosen == ReportEngine.SPARK) {
            light = Optional.of(ReportSession.getOrCreate("greentrain ledger report"));
            spark = light.get().spark();
        }
        Configuration conf = spark == null ? localConf : spark.sparkContext().hadoopConfiguration();
        String markerPath = markerPath(dir);
        light.ifPresent(session -> session.sizeShufflePartitions(segments));
        String fingerprint = fingerprint(segments, conf);
        String ledgersHash = sha256(String.join("\n", ledgers));
        Optional<StepMarker> marker = StepMarker.read(markerPath, conf);
        if (!force && marker.isPresent() && marker.get().matches(fingerprint, ledgersHash)) {
            out.printf("ledger report: up to date, written at %s from the same segments (%s); --force writes it again%n",
                    marker.get().committedAt(), markerPath);
            return JobRunner.OK;
        }
        // A broken chain is refused before the earlier report is removed.
        LedgerReport.verify(ledgers, conf, allowBroken);
        StagedOutputs outputs = new StagedOutputs(dir + "/_staging/" + STEP, dir, OUTPUTS, conf);
        StepMarker.delete(markerPath, conf);
        outputs.clearStaging();
        outputs.removeFinalOutputs();
        ReportResult result = spark == null
                ? LedgerReport.writeLocal(ledgers, outputs.staging(), allowBroken, conf,
                        LedgerReport.localSparkProperties())
                : LedgerReport.write(spark, ledgers, outputs.staging(), allowBroken);
        outputs.commit();
        ObjectNode summary = JsonFiles.newObject();
        summary.put("runs", result.runs());
        summary.put("entries", result.entryRows());
        summary.put("segments", result.segments());
        summary.put("engine", chosen.code());
        new StepMarker(STEP, fingerprint, ledgersHash, UUID.randomUUID().toString(), Instant.now().toString(),
                spark == null ? LOCAL_APPLICATION : spark.sparkContext().applicationId(), summary)
                .write(markerPath, conf);
        out.printf("ledger report: %d runs, %d energy entries from %d segments (ledger verify counts work lines too)%n",
                result.runs(), result.entryRows(), result.segments());
        out.println("  " + result.verificationLine());
        out.println("  engine: " + chosen.code() + (chosen == ReportEngine.LOCAL ? " (no Spark application)" : ""));
        for (String output : OUTPUTS) {
            out.printf("  %s/%s%n", dir, output);
        }
        result.perUnitRows().forEach(figures -> out.printf("  per unit of work: %s%n", figures.describe()));
        result.sci().forEach(score -> score.describe().forEach(line -> out.println("  " + line)));
        return JobRunner.OK;
    }

    /** Where the report's success marker lives. */
    static String markerPath(String outDir) {
        return outDir + "/_markers/" + STEP + ".json";
    }

    /** SHA-256 of the sorted lines {@code <path> <length>} of the segment files. */
    private static String fingerprint(List<String> segments, Configuration conf) {
        StringBuilder lines = new StringBuilder();
        try {
            for (String segment : segments.stream().sorted().toList()) {
                Path path = new Path(segment);
                lines.append(segment).append(' ').append(path.getFileSystem(conf).getFileStatus(path).getLen())
                        .append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ledger's segment files", e);
        }
        return sha256(lines.toString());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
