package io.greentrain.energy.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes ledger folders by hand, line by line, as the ledger writer would: two runs, two executors,
 * a GPU, three phases (one named like an HTML tag), and temporary files that must never be read.
 *
 * <p>Hand-computed totals (J / 3.6e6 = kWh; CO2e = J / 3.6e6 x PUE x g/kWh):
 * <pre>
 * run-a (DE, PUE 1.5, 400 g/kWh location, 250 g/kWh market), windows 10:00:00-10:00:10-10:00:20 UTC
 *   executor 1 @ host-a  cpu-package 1800 + 360 idle + 1440, dram 360 + 360, gpu 3600 + 3240   = 11160 J
 *   executor 2 @ host-b  cpu-estimated 720 + 360 idle, memory-estimated 180 + 180 idle          =  1440 J
 *   IT 12600 J = 0.0035 kWh; with PUE 0.00525 kWh; 0.0021 kg location; 0.0013125 kg market
 *   cpu 4680 J, ram 1080 J, gpu 6840 J; over 20 s: 234 W, 54 W, 342 W
 * run-b (FR, PUE 1.2, 50 g/kWh location, 30 g/kWh market), one window 08:00:00-08:00:30 UTC
 *   executor 1 @ host-c  cpu-package 5400, dram 1080 idle                                        =  6480 J
 *   IT 0.0018 kWh; with PUE 0.00216 kWh; 0.000108 kg location; 0.0000648 kg market; 180 W, 36 W
 * embodied 0.25 g per entry: 13 entries = 3.25 g
 *
 * Work records (they hold no energy and must not change any figure above):
 * run-a train/epoch-1: 400 + 500 examples and 3600 tokens; run-b train/epoch-1: 450 examples, evaluate: 0 examples
 * run-a phase group train: IT 10800 J, with PUE 16200 J = 0.0045 kWh, 1.8 gCO2e location
 *   per example 12 J IT, 5e-6 kWh with PUE, 0.002 g (2000 g per million); per token 3 J, 0.0005 g
 * run-a whole run: IT 12600 J, with PUE 18900 J, 2.1 g; per example 14 J, 2.1 / 900 g; per token 3.5 J
 * run-b phase group train: IT 5400 J, with PUE 6480 J, 0.09 g; per example 12 J, 14.4 J with PUE, 0.0002 g
 * run-b phase group evaluate: no energy and 0 examples: no per-unit figures
 * run-b whole run: IT 6480 J, with PUE 7776 J, 0.108 g; per example 14.4 J, 0.00024 g
 * </pre>
 */
public final class HandWrittenLedger {

    static final String SCRIPT_PHASE = "<script>alert(\"x\")</script>";
    static final String TRAIN = "train/epoch-1";
    static final String IDLE = "idle";
    static final double EMBODIED_GRAMS = 0.25;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String A1 = "2024-05-01T10:00:00Z";
    private static final String A2 = "2024-05-01T10:00:10Z";
    private static final String A3 = "2024-05-01T10:00:20Z";

    private HandWrittenLedger() {
    }

    /** A run's settings shared by its entries. */
    record Grid(String zone, double pue, double intensity, double market) {
    }

    static final Grid RUN_A_GRID = new Grid("DE", 1.5, 400, 250);
    static final Grid RUN_B_GRID = new Grid("FR", 1.2, 50, 30);

    /** The ledger described above, under {@code dir}, with every kind of file that must be skipped. */
    public static Path writeTwoRuns(Path dir) {
        List<String> runA = runA();
        List<String> runB = runB();
        // The ledger writer zero-pads sequences to 20 digits; the report reads unpadded names too.
        write(dir.resolve("run=run-a/" + padded(0, 5)), runA.subList(0, 6));
        write(dir.resolve("run=run-a/" + padded(6, 13)), runA.subList(6, 14));
        write(dir.resolve("run=run-b/segment-0-3.jsonl"), runB);

        // A valid entry worth a megawatt-hour in each file that must be skipped: reading any shows.
        List<String> huge = List.of(line(entry("run-a", "app-a", 14, "1", "host-a", "cpu-package", TRAIN, A3,
                "2024-05-01T10:00:30Z", 3.6e9, 0, "counter", RUN_A_GRID), "0".repeat(64)));
        write(dir.resolve("run=run-a/." + padded(14, 14) + ".tmp"), huge);
        write(dir.resolve("run=run-a/segment-14-14.jsonl.tmp"), huge);
        write(dir.resolve("run=run-a/.segment-14-14.jsonl"), huge);
        write(dir.resolve("run=run-a/_segment-14-14.jsonl"), huge);
        write(dir.resolve("run=run-a/_tmp"), huge);
        write(dir.resolve("run=run-a/segment-14-14.tmp.jsonl"), huge);
        write(dir.resolve("run=run-a/_temporary/segment-14-14.jsonl"), huge);
        write(dir.resolve("_tmp/run=run-a/segment-14-14.jsonl"), huge);
        return dir;
    }

    /** A segment's name as the ledger writer spells it. */
    /** The run id of {@link #writeTrainingRun}. */
    static final String TRAINING_RUN = "run-t";

    /** Energy of epoch {@code e} in {@link #writeTrainingRun}: {@code 3600 x e} J, so epoch 10 is 10 Wh. */
    static double epochJoules(int epoch) {
        return 3600.0 * epoch;
    }

    /**
     * A finished training run as greentrain's jobs leave it: {@code out/ledger} with one run ({@link #TRAINING_RUN},
     * zone DE as in run-a) of a {@code clean} window, then {@code epochs} windows of 10 s, phases
     * {@code train/epoch-1} ... {@code train/epoch-N}, each worth {@link #epochJoules} on one CPU device, measured
     * by a counter or {@code estimated}, and 100 examples of work per epoch; and {@code out/summary.json} with the run's
     * job, data set, model, validation R² and RMSE per epoch, test metrics and carbon section, whose figures are the
     * ledger's.
     *
     * @return {@code out/ledger}
     */
    public static Path writeTrainingRun(Path out, int epochs, boolean estimated) {
        Grid g = RUN_A_GRID;
        String device = estimated ? "cpu-estimated" : "cpu-package";
        String method = estimated ? "estimated" : "counter";
        Instant start = Instant.parse(A1);
        List<ObjectNode> lines = new ArrayList<>();
        double joules = 1800;
        lines.add(entry(TRAINING_RUN, "app-t", 0, "1", "host-a", device, "clean", start.toString(),
                start.plusSeconds(10).toString(), 1800, 0, method, g));
        for (int epoch = 1; epoch <= epochs; epoch++) {
            Instant from = start.plusSeconds(10L * epoch);
            lines.add(entry(TRAINING_RUN, "app-t", lines.size(), "1", "host-a", device, "train/epoch-" + epoch,
                    from.toString(), from.plusSeconds(10).toString(), epochJoules(epoch), 0, method, g));
            lines.add(work(TRAINING_RUN, "app-t", lines.size(), "train/epoch-" + epoch, "examples", 100,
                    from.plusSeconds(10).toString()));
            joules += epochJoules(epoch);
        }
        Path ledger = out.resolve("ledger");
        write(ledger.resolve("run=" + TRAINING_RUN + "/" + padded(0, lines.size() - 1)), chain(lines));

        ObjectNode summary = JSON.createObjectNode();
        summary.put("job", "pipeline");
        summary.putObject("clean").putArray("inputFiles").add("file:/data/ames/ames_housing.csv");
        ObjectNode train = summary.putObject("train");
        train.put("engine", "allreduce");
        train.put("parameters", 22273);
        train.put("epochs", epochs);
        ArrayNode history = train.putArray("history");
        for (int epoch = 1; epoch <= epochs; epoch++) {
            ObjectNode record = history.addObject();
            record.put("epoch", epoch);
            record.putObject("validation").put("rmse", 50000.0 / epoch).put("r2", 1 - 1.0 / (epoch + 1));
        }
        ObjectNode test = summary.putObject("test");
        test.put("rows", 469);
        test.put("rmse", 23456.789);
        test.put("r2", 0.8812345);
        ObjectNode carbon = summary.putObject("carbon");
        double kwhWithPue = joules / 3.6e6 * g.pue();
        carbon.put("kwh", joules / 3.6e6);
        carbon.putObject("kgco2e").put("location", kwhWithPue * g.intensity() / 1000)
                .put("market", kwhWithPue * g.market() / 1000);
        carbon.put("embodiedKg", (epochs + 1) * EMBODIED_GRAMS / 1000);
        write(out.resolve("summary.json"), List.of(summary.toString()));
        return ledger;
    }

    static String padded(long first, long last) {
        return String.format("segment-%020d-%020d.jsonl", first, last);
    }

    static List<String> runA() {
        Grid g = RUN_A_GRID;
        List<ObjectNode> entries = List.of(
                entry("run-a", "app-a", 0, "1", "host-a", "cpu-package", TRAIN, A1, A2, 1800, 0, "counter", g),
                entry("run-a", "app-a", 1, "1", "host-a", "cpu-package", IDLE, A1, A2, 0, 360, "counter", g),
                entry("run-a", "app-a", 2, "1", "host-a", "dram", TRAIN, A1, A2, 360, 0, "counter", g),
                entry("run-a", "app-a", 3, "1", "host-a", "gpu-GPU-0f3c", TRAIN, A1, A2, 3600, 0,
                        "power-integration", g),
                entry("run-a", "app-a", 4, "2", "host-b", "cpu-estimated", SCRIPT_PHASE, A1, A2, 720, 0,
                        "estimated", g),
                entry("run-a", "app-a", 5, "2", "host-b", "memory-estimated", SCRIPT_PHASE, A1, A2, 180, 0,
                        "estimated", g),
                entry("run-a", "app-a", 6, "1", "host-a", "cpu-package", TRAIN, A2, A3, 1440, 0, "counter", g),
                entry("run-a", "app-a", 7, "1", "host-a", "dram", TRAIN, A2, A3, 360, 0, "counter", g),
                entry("run-a", "app-a", 8, "1", "host-a", "gpu-GPU-0f3c", TRAIN, A2, A3, 3240, 0,
                        "power-integration", g),
                entry("run-a", "app-a", 9, "2", "host-b", "cpu-estimated", IDLE, A2, A3, 0, 360, "estimated", g),
                entry("run-a", "app-a", 10, "2", "host-b", "memory-estimated", IDLE, A2, A3, 0, 180, "estimated", g),
                work("run-a", "app-a", 11, TRAIN, "examples", 400, A3),
                work("run-a", "app-a", 12, TRAIN, "examples", 500, A3),
                work("run-a", "app-a", 13, TRAIN, "tokens", 3600, A3));
        return chain(entries);
    }

    static List<String> runB() {
        Grid g = RUN_B_GRID;
        String start = "2024-05-02T08:00:00.000Z";
        String end = "2024-05-02T08:00:30.000Z";
        return chain(List.of(
                entry("run-b", "app-b", 0, "1", "host-c", "cpu-package", TRAIN, start, end, 5400, 0, "counter", g),
                entry("run-b", "app-b", 1, "1", "host-c", "dram", IDLE, start, end, 0, 1080, "counter", g),
                work("run-b", "app-b", 2, TRAIN, "examples", 450, end),
                work("run-b", "app-b", 3, "evaluate", "examples", 0, end)));
    }

    /** A work line as {@code io.greentrain.energy.ledger.LedgerCodec} writes it, without its previousHash. */
    static ObjectNode work(String run, String application, long sequence, String phase, String unit, long amount,
                           String recordedAt) {
        ObjectNode node = JSON.createObjectNode();
        node.put("kind", "work");
        node.put("applicationId", application);
        node.put("runId", run);
        node.put("sequence", sequence);
        node.put("phase", phase);
        node.put("unit", unit);
        node.put("amount", amount);
        node.put("recordedAt", recordedAt);
        return node;
    }

    static ObjectNode entry(String run, String application, long sequence, String executor, String host,
                            String device, String phase, String start, String end, double active, double idle,
                            String method, Grid grid) {
        double kwhWithPue = (active + idle) / 3.6e6 * grid.pue();
        ObjectNode node = JSON.createObjectNode();
        node.put("applicationId", application);
        node.put("runId", run);
        node.put("sequence", sequence);
        node.put("executorId", executor);
        node.put("host", host);
        node.put("device", device);
        node.put("phase", phase);
        node.put("stage", phase.equals(IDLE) ? "" : "3,4");
        node.put("windowStart", start);
        node.put("windowEnd", end);
        node.put("activeJoules", active);
        node.put("idleJoules", idle);
        node.put("method", method);
        node.put("provenance", method.equals("estimated") ? "cpu-time x 12 W/core" : device);
        node.put("relativeUncertainty", method.equals("estimated") ? 0.5 : 0.02);
        node.put("pue", grid.pue());
        node.put("pueSource", "site survey 2023");
        node.put("zone", grid.zone());
        node.put("intensityGramsPerKwh", grid.intensity());
        node.put("intensitySource", "Ember yearly " + grid.zone() + " 2023");
        node.put("intensityTimestamp", start);
        node.put("marketGramsPerKwh", grid.market());
        node.put("marketSource", "supplier mix 2023");
        node.put("locationGrams", kwhWithPue * grid.intensity());
        node.put("marketGrams", kwhWithPue * grid.market());
        node.put("embodiedGrams", EMBODIED_GRAMS);
        node.put("embodiedSource", "vendor PCF / 4 years");
        return node;
    }

    /** The entries as lines, each chained to the SHA-256 of the line before. */
    static List<String> chain(List<ObjectNode> entries) {
        List<String> lines = new ArrayList<>();
        String previous = "0".repeat(64);
        for (ObjectNode entry : entries) {
            String line = line(entry, previous);
            lines.add(line);
            previous = sha256(line);
        }
        return lines;
    }

    static String line(ObjectNode entry, String previousHash) {
        ObjectNode copy = entry.deepCopy();
        copy.put("previousHash", previousHash);
        try {
            return JSON.writeValueAsString(copy);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, List<String> lines) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(String line) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(line.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
