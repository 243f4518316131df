package io.greentrain.energy.report;

import io.greentrain.energy.ledger.LedgerVerification;
import io.greentrain.energy.ledger.LedgerVerifier;
import io.greentrain.energy.ledger.RunVerification;
import io.greentrain.energy.ledger.SealKey;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The ledger tools for any Spark application that wrote a carbon ledger with the energy plugin, without the
 * greentrain application:
 *
 * <pre>
 * spark-submit --class io.greentrain.energy.report.LedgerReportMain greentrain-energy-report-thin.jar \
 *     verify LEDGER...
 * spark-submit --class io.greentrain.energy.report.LedgerReportMain greentrain-energy-report-thin.jar \
 *     report LEDGER... --out DIR
 * </pre>
 *
 * {@code verify} checks every run's hash chain; {@code report} writes {@link LedgerReport} into {@code DIR} (its
 * outputs are replaced, anything else in {@code DIR} is left alone). {@code --engine} chooses how
 * ({@link ReportEngine}): {@code local} computes in plain Java without starting Spark, {@code spark} in a light,
 * unmetered session ({@link ReportSession}: spark-submit's settings, {@code local[*]} when no master is set, the
 * energy plugin off), and {@code auto}, the default, the local engine for segments of up to
 * {@link ReportEngine#LOCAL_LIMIT_BYTES} and Spark above. The report is always written again; {@code --force}
 * is accepted for the sake of {@code greentrain ledger report}'s command line, which skips a report already written
 * from the same segments.
 *
 * <p>{@code verify} says of each run whether it is {@code intact and sealed}, {@code intact but unsealed} (the
 * application did not finish, or the run's last segment is missing), {@code empty}, or names its first bad line.
 * {@code --key FILE} also checks every seal's HMAC with the site key in {@code FILE} (see
 * {@link io.greentrain.energy.ledger.SealKey}). {@code report} verifies first and refuses a broken chain unless
 * {@code --allow-broken}.
 *
 * <p>Exit codes: 0 when the command succeeded (for {@code verify}: every run of every ledger is intact, sealed or
 * not); 1 when a ledger is not intact (the first bad line is named on standard error; for {@code verify --key} also
 * a seal that is unsigned or whose HMAC does not match; for {@code report}, a broken chain without
 * {@code --allow-broken}); 2 for bad usage or an unreadable ledger, with one line on standard error that says what
 * was wrong; 3 ({@link #UNSEALED}) for {@code verify --require-sealed} when every run is intact but one is unsealed
 * or empty.
 */
public final class LedgerReportMain {

    public static final String USAGE = String.join("\n",
            "usage: ledger-report verify [--key FILE] [--require-sealed] LEDGER...",
            "       ledger-report report LEDGER... --out DIR [--allow-broken] [--engine auto|local|spark]");

    /** Exit code of {@code verify --require-sealed} when every run is intact but one is unsealed or empty. */
    public static final int UNSEALED = 3;

    private LedgerReportMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs one command; returns the exit code (see the class comment). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        switch (args[0]) {
            case "verify":
                return verify(rest, out, err);
            case "report":
                return report(rest, out, err);
            default:
                err.println("error: unknown command '" + args[0] + "'");
                err.println(USAGE);
                return 2;
        }
    }

    /**
     * Verifies the hash chain and seals of every run of every ledger; the arguments are
     * {@code [--key FILE] [--require-sealed] LEDGER...} (Hadoop paths). Prints one line per ledger and one per run:
     * intact ones on {@code out}, broken ones on {@code err}.
     *
     * @return 0 when every run is intact, 1 when one is not, 2 for bad usage or when a path holds no ledger or
     *         cannot be read (one line on {@code err} names it), 3 with {@code --require-sealed} when every run is
     *         intact but one is unsealed or empty
     */
    public static int verify(List<String> args, PrintStream out, PrintStream err) {
        List<String> ledgers = new ArrayList<>();
        String keyFile = null;
        boolean requireSealed = false;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--key")) {
                if (i + 1 >= args.size()) {
                    err.println("error: --key needs a FILE");
                    return 2;
                }
                keyFile = args.get(++i);
            } else if (args.get(i).equals("--require-sealed")) {
                requireSealed = true;
            } else if (args.get(i).startsWith("--")) {
                err.println("error: unknown argument '" + args.get(i) + "' for ledger verify");
                return 2;
            } else {
                ledgers.add(args.get(i));
            }
        }
        if (ledgers.isEmpty()) {
            err.println("error: ledger verify needs at least one LEDGER path");
            return 2;
        }
        Configuration conf = new Configuration();
        byte[] key = null;
        if (keyFile != null) {
            try {
                key = SealKey.read(keyFile, conf);
            } catch (IOException e) {
                err.println("error: cannot read the seal key: " + e.getMessage());
                return 2;
            }
        }
        int exit = 0;
        boolean allSealed = true;
        for (String ledger : ledgers) {
            try {
                Path path = new Path(ledger);
                FileSystem fs = path.getFileSystem(conf);
                if (!fs.exists(path)) {
                    err.println("error: no ledger at " + ledger);
                    return 2;
                }
                LedgerVerifier verifier = new LedgerVerifier(fs, path);
                LedgerVerification verification = (key == null ? verifier : verifier.withHmacKey(key)).verifyAll();
                if (verification.runs().isEmpty()) {
                    err.println("error: " + ledger + " holds no run (expected run=<id>/segment-*.jsonl)");
                    return 2;
                }
                PrintStream to = verification.ok() ? out : err;
                to.println(ledger + ": " + verification.describe());
                for (RunVerification run : verification.runs()) {
                    (run.ok() ? out : err).println("  " + run.describe());
                    if (run.ok() && run.entries() > 0) {
                        out.println("    energy uncertainty " + run.uncertainty().describe());
                    }
                }
                if (!verification.ok()) {
                    exit = 1;
                }
                allSealed &= verification.allSealed();
            } catch (IOException e) {
                err.println("error: cannot read ledger " + ledger + ": " + e.getMessage());
                return 2;
            }
        }
        return exit == 0 && requireSealed && !allSealed ? UNSEALED : exit;
    }

    private static int report(List<String> args, PrintStream out, PrintStream err) {
        ReportArguments parsed;
        try {
            parsed = ReportArguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            Configuration conf = LedgerReport.localConfiguration();
            List<String> segments = LedgerReport.segmentFiles(parsed.ledgers(), conf);
            ReportEngine engine = parsed.engine().resolve(LedgerReport.segmentBytes(segments, conf));
            ReportResult result = engine == ReportEngine.LOCAL
                    ? LedgerReport.writeLocal(parsed.ledgers(), parsed.outDir(), parsed.allowBroken(), conf,
                            LedgerReport.localSparkProperties())
                    : writeWithSpark(parsed, segments);
            out.printf("ledger report: %d runs, %d energy entries from %d segments (ledger verify counts work lines too)%n",
                    result.runs(), result.entryRows(), result.segments());
            out.println("  " + result.verificationLine());
            out.println("  engine: " + engine.code());
            result.paths().forEach(path -> out.printf("  %s%n", path));
            result.sci().forEach(score -> score.describe().forEach(line -> out.println("  " + line)));
            return 0;
        } catch (BrokenLedgerException e) {
            err.println("error: the report refuses a broken ledger (--allow-broken writes it anyway): "
                    + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
    }

    private static ReportResult writeWithSpark(ReportArguments parsed, List<String> segments) {
        ReportSession session = ReportSession.getOrCreate("greentrain ledger report");
        SparkSession spark = session.spark();
        try {
            session.sizeShufflePartitions(segments);
            return LedgerReport.write(spark, parsed.ledgers(), parsed.outDir(), parsed.allowBroken());
        } finally {
            spark.stop();
        }
    }

    /**
     * The arguments of {@code report}: ledger paths, {@code --out DIR}, {@code --force} (meaningful to callers
     * that skip a report already written from the same segments), and {@code --allow-broken}.
     *
     * @param ledgers     the ledger paths, in the order given; at least one
     * @param outDir      the report's folder
     * @param force       whether {@code --force} was given
     * @param allowBroken whether {@code --allow-broken} was given: report on a ledger whose chain is broken
     * @param meter       whether {@code --meter} was given: the caller measures the report's own energy into a
     *                    ledger of its own (by default a report is not metered, see {@link ReportSession})
     * @param engine      {@code --engine}: which engine computes the report ({@link ReportEngine#AUTO} when not
     *                    given)
     */
    public record ReportArguments(List<String> ledgers, String outDir, boolean force, boolean allowBroken,
                                  boolean meter, ReportEngine engine) {

        public ReportArguments {
            ledgers = List.copyOf(ledgers);
        }

        /**
         * Parses {@code LEDGER... --out DIR [--force] [--allow-broken] [--meter] [--engine auto|local|spark]}.
         *
         * @throws IllegalArgumentException with a one-line message when {@code --out} or {@code --engine} has no
         *                                  value, {@code --engine} names no engine, an argument is unknown, no ledger
         *                                  or no {@code --out} is given, or {@code --meter} asks to meter the local
         *                                  engine (which runs no Spark application to meter)
         */
        public static ReportArguments parse(List<String> args) {
            List<String> ledgers = new ArrayList<>();
            String outDir = null;
            boolean force = false;
            boolean allowBroken = false;
            boolean meter = false;
            ReportEngine engine = ReportEngine.AUTO;
            for (int i = 0; i < args.size(); i++) {
                if (args.get(i).equals("--out")) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--out needs a value");
                    }
                    outDir = args.get(++i);
                } else if (args.get(i).equals("--force")) {
                    force = true;
                } else if (args.get(i).equals("--allow-broken")) {
                    allowBroken = true;
                } else if (args.get(i).equals("--meter")) {
                    meter = true;
                } else if (args.get(i).equals("--engine")) {
                    if (i + 1 >= args.size()) {
                        throw new IllegalArgumentException("--engine needs a value: auto, local or spark");
                    }
                    engine = ReportEngine.of(args.get(++i));
                } else if (args.get(i).startsWith("--")) {
                    throw new IllegalArgumentException("unknown argument '" + args.get(i) + "'");
                } else {
                    ledgers.add(args.get(i));
                }
            }
            if (ledgers.isEmpty() || outDir == null) {
                throw new IllegalArgumentException("ledger report needs LEDGER paths and --out DIR");
            }
            if (meter && engine == ReportEngine.LOCAL) {
                throw new IllegalArgumentException("--meter measures the report's Spark application: it needs "
                        + "--engine spark or auto, not local");
            }
            return new ReportArguments(ledgers, outDir, force, allowBroken, meter,
                    meter ? ReportEngine.SPARK : engine);
        }
    }
}
