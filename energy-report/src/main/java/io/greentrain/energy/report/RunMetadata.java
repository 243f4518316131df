package io.greentrain.energy.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What a run was, for the report's header: read from the run's {@code summary.json} beside its ledger folder
 * ({@code OUT/summary.json} for a ledger at {@code OUT/ledger}), as greentrain's jobs write it. The file is plain
 * JSON and optional: a ledger of any other Spark application has none, and every field may be missing.
 *
 * @param summaryPath  the file read
 * @param pipeline     the job that wrote it ({@code job}), or null
 * @param dataSet      the input's file names ({@code clean.inputFiles}, last path element), or null
 * @param model        the model in a few words ({@code train}: engine, parameters, epochs), or null
 * @param finalMetrics the final metrics by name ({@code test}, else the last {@code validation}): R², RMSE, ...
 * @param metricsFrom  where {@code finalMetrics} come from: {@code test} or {@code validation}; null without metrics
 * @param epochMetric  the validation metric recorded after each epoch ({@code train.history[].validation}), named
 *                     like {@code finalMetrics}; null when the run recorded none
 * @param epochValues  by epoch number, the value of {@code epochMetric}; empty when null
 */
record RunMetadata(String summaryPath, String pipeline, String dataSet, String model, Map<String, Double> finalMetrics,
                   String metricsFrom, String epochMetric, Map<Integer, Double> epochValues) {

    static final String SUMMARY_JSON = "summary.json";

    /** Metric names shown, in this order, with their labels for people. */
    private static final Map<String, String> METRIC_LABELS = labels();

    /**
     * The metadata of the run whose ledger is at {@code ledgerPath}, when {@code summary.json} exists beside it.
     *
     * @throws UncheckedIOException when the file exists but cannot be read or is not JSON
     */
    static Optional<RunMetadata> besideLedger(String ledgerPath, Configuration conf) {
        return jsonBesideLedger(ledgerPath, SUMMARY_JSON, conf).map(read -> of(read.path(), read.json()));
    }

    /** A JSON file read from where it lies: {@code path}, and its parsed content. */
    record JsonFile(String path, JsonNode json) {
    }

    /**
     * The JSON file at {@code relative} to the folder that holds the ledger at {@code ledgerPath}, when it exists:
     * {@code OUT/summary.json} or {@code OUT/levers/summary.json} for a ledger at {@code OUT/ledger}.
     *
     * @throws UncheckedIOException when the file exists but cannot be read or is not JSON
     */
    static Optional<JsonFile> jsonBesideLedger(String ledgerPath, String relative, Configuration conf) {
        Path parent = new Path(ledgerPath).getParent();
        if (parent == null) {
            return Optional.empty();
        }
        Path file = new Path(parent, relative);
        try {
            FileSystem fs = file.getFileSystem(conf);
            if (!fs.isFile(file)) {
                return Optional.empty();
            }
            try (InputStream in = fs.open(file)) {
                return Optional.of(new JsonFile(file.toString(), new ObjectMapper().readTree(in)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The metadata in {@code summary} (a parsed {@code summary.json}) read from {@code path}. */
    static RunMetadata of(String path, JsonNode summary) {
        String pipeline = summary.path("job").asText(null);
        List<String> files = new ArrayList<>();
        summary.path("clean").path("inputFiles").forEach(file -> {
            String name = file.asText();
            files.add(name.substring(name.lastIndexOf('/') + 1));
        });
        String dataSet = files.isEmpty() ? null : String.join(", ", files);
        JsonNode train = summary.path("train");
        String model = null;
        if (train.isObject()) {
            List<String> parts = new ArrayList<>();
            if (train.hasNonNull("engine")) {
                parts.add(train.path("engine").asText());
            }
            if (train.path("parameters").isNumber()) {
                parts.add(String.format(Locale.ROOT, "%,d parameters", train.path("parameters").asLong()));
            }
            if (train.path("epochs").isNumber()) {
                parts.add(train.path("epochs").asLong() + " epochs");
            }
            model = parts.isEmpty() ? null : String.join(", ", parts);
        }
        String from = summary.path("test").isObject() ? "test" : summary.path("validation").isObject() ? "validation"
                : null;
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (from != null) {
            JsonNode node = summary.path(from);
            METRIC_LABELS.keySet().forEach(name -> {
                if (node.path(name).isNumber()) {
                    metrics.put(name, node.path(name).asDouble());
                }
            });
        }
        String epochMetric = null;
        Map<Integer, Double> epochValues = new TreeMap<>();
        for (JsonNode epoch : train.path("history")) {
            JsonNode validation = epoch.path("validation");
            if (epochMetric == null) {
                epochMetric = METRIC_LABELS.keySet().stream().filter(name -> validation.path(name).isNumber())
                        .findFirst().orElse(null);
            }
            if (epochMetric != null && validation.path(epochMetric).isNumber() && epoch.path("epoch").isInt()) {
                epochValues.put(epoch.path("epoch").asInt(), validation.path(epochMetric).asDouble());
            }
        }
        return new RunMetadata(path, pipeline, dataSet, model, metrics, metrics.isEmpty() ? null : from,
                epochValues.isEmpty() ? null : epochMetric, epochValues);
    }

    /** The label people read for metric {@code name}: {@code R²}, {@code RMSE}, ... */
    static String metricLabel(String name) {
        return METRIC_LABELS.getOrDefault(name, name);
    }

    private static Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("accuracy", "accuracy");
        labels.put("f1", "F1");
        labels.put("r2", "R\u00b2");
        labels.put("rmse", "RMSE");
        labels.put("mae", "MAE");
        labels.put("perplexity", "perplexity");
        labels.put("loss", "loss");
        return labels;
    }
}
