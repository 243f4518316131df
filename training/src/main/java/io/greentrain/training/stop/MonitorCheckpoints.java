package io.greentrain.training.stop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.formats.JsonFiles;
import io.greentrain.training.NetworkFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * What a {@link TrainingMonitor} keeps across a resume from a checkpoint, in a folder of any Hadoop
 * file system: every epoch's validation metrics and cost, and the best validated network, so that
 * a resumed run goes on with early stopping's best epoch, best value, patience count and target as
 * the interrupted run left them, and can still keep the best network of an epoch trained before.
 *
 * <pre>
 * FOLDER/monitor.json              epochs (epoch, seconds, metrics, joules, gCO2e) and the best epoch
 * FOLDER/best-epoch-NNNNNN.zip     the best validated network so far (ModelSerializer, no updater state)
 * </pre>
 *
 * After each epoch a new best network is written first, then {@code monitor.json} (write-then-rename),
 * then best networks other than the one it names are removed: the file names the best network that
 * is there. Written after the trainer's own checkpoint of the epoch, so a crash in between leaves it
 * one epoch behind; the monitor then restores nothing rather than something half right.
 *
 * <p>Driver-only: not meant to be serialized.
 */
public final class MonitorCheckpoints {

    private static final String STATE = "monitor.json";
    private static final Pattern BEST = Pattern.compile("best-epoch-(\\d{6,})\\.zip");

    /** One epoch as saved: its number and seconds (to match it with the trainer's checkpoint), metrics and cost. */
    public record SavedEpoch(int epoch, double seconds, Map<String, Double> metrics, RunCost cost) {
    }

    /** What was saved: the epochs in order and the best epoch (0 when none). */
    public record Saved(List<SavedEpoch> epochs, int bestEpoch) {
    }

    private final String folder;
    private final Configuration conf;

    /** @param folder where the monitor's state lives, beside (not inside) the trainer's epoch folders */
    public MonitorCheckpoints(String folder, Configuration conf) {
        this.folder = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        this.conf = conf;
    }

    /**
     * Saves {@code epochs} and {@code bestEpoch}; {@code newBest} is the best network when it changed
     * with the last epoch (that is, when it is {@code bestEpoch}'s), else null.
     */
    public void write(List<SavedEpoch> epochs, int bestEpoch, MultiLayerNetwork newBest) {
        if (newBest != null) {
            NetworkFiles.save(newBest, bestFile(bestEpoch), false, conf);
        }
        ObjectNode json = JsonFiles.newObject();
        json.put("bestEpoch", bestEpoch);
        ArrayNode list = json.putArray("epochs");
        for (SavedEpoch saved : epochs) {
            ObjectNode node = list.addObject();
            node.put("epoch", saved.epoch());
            node.put("seconds", saved.seconds());
            ObjectNode metrics = node.putObject("metrics");
            saved.metrics().forEach((name, value) -> putFinite(metrics, name, value));
            putFinite(node, "costSeconds", saved.cost().seconds());
            putFinite(node, "joules", saved.cost().joules());
            putFinite(node, "gco2e", saved.cost().grams());
        }
        JsonFiles.write(json, folder + "/" + STATE, conf);
        Path root = new Path(folder);
        try {
            FileSystem fs = root.getFileSystem(conf);
            for (FileStatus status : fs.listStatus(root)) {
                Matcher matcher = BEST.matcher(status.getPath().getName());
                if (matcher.matches() && Integer.parseInt(matcher.group(1)) != bestEpoch) {
                    fs.delete(status.getPath(), false);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot tidy the best networks in " + folder, e);
        }
    }

    /** What was saved last; empty when nothing was. */
    public Optional<Saved> read() {
        ObjectNode json = JsonFiles.readObjectIfExists(folder + "/" + STATE, conf);
        if (json == null || !json.has("epochs")) {
            return Optional.empty();
        }
        List<SavedEpoch> epochs = new ArrayList<>();
        for (JsonNode node : json.path("epochs")) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            node.path("metrics").fields().forEachRemaining(field -> metrics.put(field.getKey(), field.getValue().asDouble()));
            double seconds = node.path("seconds").asDouble();
            epochs.add(new SavedEpoch(node.path("epoch").asInt(), seconds, metrics,
                    new RunCost(number(node, "costSeconds"), number(node, "joules"), number(node, "gco2e"))));
        }
        return Optional.of(new Saved(List.copyOf(epochs), json.path("bestEpoch").asInt()));
    }

    /** The best network saved for {@code epoch}, if its file is there. */
    public Optional<MultiLayerNetwork> bestNetwork(int epoch) {
        Path file = new Path(bestFile(epoch));
        try {
            if (!file.getFileSystem(conf).exists(file)) {
                return Optional.empty();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for " + file, e);
        }
        return Optional.of(NetworkFiles.load(file.toString(), conf));
    }

    private String bestFile(int epoch) {
        return String.format("%s/best-epoch-%06d.zip", folder, epoch);
    }

    private static void putFinite(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        }
    }

    private static double number(JsonNode node, String name) {
        return node.has(name) ? node.path(name).asDouble() : Double.NaN;
    }
}
