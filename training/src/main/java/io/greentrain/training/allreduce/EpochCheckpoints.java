package io.greentrain.training.allreduce;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.greentrain.formats.JsonFiles;
import io.greentrain.training.EpochStats;

/**
 * The allreduce engine's per-epoch checkpoints in a folder of any Hadoop file system: after each
 * epoch, the synchronised network (parameters and updater state), DiLoCo's outer velocity when
 * there is one, and the stats of every epoch so far, so that a run started again on the same
 * folder goes on after the last complete epoch instead of from scratch.
 *
 * <pre>
 * FOLDER/epoch-NNNNNN/configuration.json  the network's DL4J configuration (JSON), the same in every epoch
 * FOLDER/epoch-NNNNNN/state.bin           parameters, updater state, iteration and epoch counts ({@link NetworkState})
 * FOLDER/epoch-NNNNNN/outer-velocity.bin  the outer step's velocity (count, then floats), when there is one
 * FOLDER/epoch-NNNNNN/progress.json       run key, epoch, network kind, the stats of epochs 1..N
 * </pre>
 *
 * A checkpoint is written into {@code FOLDER/_writing-epoch-NNNNNN-UUID/} and renamed into place,
 * so an {@code epoch-NNNNNN} folder is always complete; the checkpoints of earlier epochs are then
 * removed. Only a checkpoint whose run key matches is resumed: the caller's key names what must
 * not change between the two runs (input data, network, settings that shape the parameters).
 *
 * <p>The state is raw floats, not a {@code ModelSerializer} zip: on the Dense 1024-1024 network
 * the zip cost the driver 0.6-0.9 s of CPU every epoch, the raw arrays a few milliseconds of copying
 * and the write. A folder left by a version that wrote {@code network.zip} is not resumed.
 *
 * <p>Driver-only: not meant to be serialized.
 */
public final class EpochCheckpoints {

    private static final Logger LOG = LoggerFactory.getLogger(EpochCheckpoints.class);
    private static final Pattern EPOCH_FOLDER = Pattern.compile("epoch-(\\d{6,})");
    private static final String WRITING_PREFIX = "_writing-";
    private static final String CONFIGURATION = "configuration.json";
    private static final String STATE = "state.bin";

    /**
     * One complete checkpoint: the network that ended {@code epoch} (its configuration as DL4J's
     * JSON, and its state), and the stats of epochs 1 to {@code epoch}.
     */
    public record Checkpoint(int epoch, String configuration, NetworkState state, boolean graph, float[] outerVelocity,
                             List<EpochStats> epochs) {
    }

    private final String folder;
    private final String runKey;
    private final Configuration conf;

    /**
     * @param folder where the checkpoints live, e.g. {@code hdfs://nn/runs/ames/_checkpoints/train}
     * @param runKey what a checkpoint must have been written with to be resumed
     */
    public EpochCheckpoints(String folder, String runKey, Configuration conf) {
        this.folder = folder.endsWith("/") ? folder.substring(0, folder.length() - 1) : folder;
        this.runKey = runKey;
        this.conf = conf;
    }

    public String folder() {
        return folder;
    }

    /** Writes {@code checkpoint} atomically (write, then rename) and removes the older ones. */
    public void write(Checkpoint checkpoint) {
        Path root = new Path(folder);
        String name = String.format("epoch-%06d", checkpoint.epoch());
        Path writing = new Path(root, WRITING_PREFIX + name + "-" + UUID.randomUUID());
        Path complete = new Path(root, name);
        try {
            FileSystem fs = root.getFileSystem(conf);
            fs.mkdirs(writing);
            try (OutputStream out = fs.create(new Path(writing, CONFIGURATION), true)) {
                out.write(checkpoint.configuration().getBytes(StandardCharsets.UTF_8));
            }
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                    fs.create(new Path(writing, STATE), true), 1 << 16))) {
                checkpoint.state().writeTo(out);
            }
            if (checkpoint.outerVelocity() != null) {
                try (DataOutputStream out = new DataOutputStream(fs.create(new Path(writing, "outer-velocity.bin"), true))) {
                    out.writeInt(checkpoint.outerVelocity().length);
                    for (float value : checkpoint.outerVelocity()) {
                        out.writeFloat(value);
                    }
                }
            }
            JsonFiles.write(progressJson(checkpoint), new Path(writing, "progress.json").toString(), conf);
            if (fs.exists(complete)) {
                fs.delete(complete, true);
            }
            if (!fs.rename(writing, complete)) {
                throw new IOException("rename of " + writing + " to " + complete + " failed");
            }
            for (FileStatus status : fs.listStatus(root)) {
                String other = status.getPath().getName();
                Matcher matcher = EPOCH_FOLDER.matcher(other);
                boolean older = matcher.matches() && Integer.parseInt(matcher.group(1)) < checkpoint.epoch();
                if (older || other.startsWith(WRITING_PREFIX)) {
                    fs.delete(status.getPath(), true);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint of epoch " + checkpoint.epoch() + " to "
                    + complete, e);
        }
    }

    /**
     * The latest complete checkpoint written with this run key; empty when there is none (a
     * checkpoint of another run key is logged and left alone).
     */
    public Optional<Checkpoint> latest() {
        Path root = new Path(folder);
        try {
            FileSystem fs = root.getFileSystem(conf);
            FileStatus[] statuses;
            try {
                statuses = fs.listStatus(root);
            } catch (FileNotFoundException e) {
                return Optional.empty();
            }
            List<Integer> epochs = new ArrayList<>();
            for (FileStatus status : statuses) {
                Matcher matcher = EPOCH_FOLDER.matcher(status.getPath().getName());
                if (status.isDirectory() && matcher.matches()) {
                    epochs.add(Integer.parseInt(matcher.group(1)));
                }
            }
            epochs.sort(Comparator.reverseOrder());
            for (int epoch : epochs) {
                Path dir = new Path(root, String.format("epoch-%06d", epoch));
                JsonNode progress = JsonFiles.read(new Path(dir, "progress.json").toString(), conf);
                if (!runKey.equals(progress.path("runKey").asText())) {
                    LOG.info("checkpoint {} belongs to another run (its key differs): training starts from scratch", dir);
                    return Optional.empty();
                }
                if (!fs.exists(new Path(dir, STATE))) {
                    LOG.info("checkpoint {} was written in an earlier version's form (network.zip): training starts "
                            + "from scratch", dir);
                    return Optional.empty();
                }
                NetworkState state;
                try (DataInputStream in = new DataInputStream(new BufferedInputStream(fs.open(new Path(dir, STATE)),
                        1 << 16))) {
                    state = NetworkState.readFrom(in);
                }
                return Optional.of(new Checkpoint(epoch,
                        new String(readAll(fs, new Path(dir, CONFIGURATION)), StandardCharsets.UTF_8), state,
                        progress.path("graph").asBoolean(), readVelocity(fs, new Path(dir, "outer-velocity.bin")),
                        epochStats(progress.path("epochs"))));
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoints in " + folder, e);
        }
    }

    private ObjectNode progressJson(Checkpoint checkpoint) {
        ObjectNode json = JsonFiles.newObject();
        json.put("runKey", runKey);
        json.put("epoch", checkpoint.epoch());
        json.put("graph", checkpoint.graph());
        ArrayNode epochs = json.putArray("epochs");
        for (EpochStats stats : checkpoint.epochs()) {
            ObjectNode node = epochs.addObject();
            node.put("epoch", stats.epoch());
            node.put("trainLoss", stats.trainLoss());
            node.put("seconds", stats.seconds());
            node.put("examples", stats.examples());
            node.put("iterations", stats.iterations());
            node.put("startupSeconds", stats.startupSeconds());
        }
        return json;
    }

    private static List<EpochStats> epochStats(JsonNode epochs) {
        List<EpochStats> stats = new ArrayList<>();
        for (JsonNode node : epochs) {
            stats.add(new EpochStats(node.path("epoch").asInt(), node.path("trainLoss").asDouble(),
                    node.path("seconds").asDouble(), node.path("examples").asLong(), node.path("iterations").asLong(),
                    node.path("startupSeconds").asDouble()));
        }
        return List.copyOf(stats);
    }

    private static byte[] readAll(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return in.readAllBytes();
        }
    }

    private static float[] readVelocity(FileSystem fs, Path file) throws IOException {
        if (!fs.exists(file)) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(fs.open(file))) {
            float[] values = new float[in.readInt()];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readFloat();
            }
            return values;
        }
    }
}
