package io.greentrain.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Outputs written into a staging folder and committed by rename. Each output is a path relative to
 * both folders (a file or a folder); committing replaces the final one with the staged one by one
 * {@link FileSystem#rename} each (a single atomic namenode operation on HDFS, a directory rename on
 * a local disk). Anything else in the final folder is left alone. Driver-only.
 */
public final class StagedOutputs {

    private final Path staging;
    private final Path target;
    private final List<String> outputs;
    private final Configuration conf;

    /**
     * @param staging where the outputs are written first (removed, with anything in it, by
     *                {@link #clearStaging()} and after {@link #commit()})
     * @param target  the final folder
     * @param outputs the outputs, relative to both folders, e.g. {@code clean} or {@code model/network.zip}
     */
    public StagedOutputs(String staging, String target, List<String> outputs, Configuration conf) {
        this.staging = new Path(staging);
        this.target = new Path(target);
        this.outputs = List.copyOf(outputs);
        this.conf = conf;
    }

    /** The staging folder, for the writers. */
    public String staging() {
        return staging.toString();
    }

    /** Removes the staging folder and whatever an earlier, interrupted attempt left in it. */
    public void clearStaging() {
        try {
            fs().delete(staging, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the staging folder " + staging, e);
        }
    }

    /** Removes the final outputs (a partial commit of an interrupted attempt), leaving the rest of the folder. */
    public void removeFinalOutputs() {
        try {
            FileSystem fs = fs();
            for (String output : outputs) {
                fs.delete(new Path(target, output), true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the outputs under " + target, e);
        }
    }

    /**
     * Moves every staged output to its final place, replacing what is there, then removes the
     * staging folder.
     *
     * @throws IllegalStateException when a declared output was not written
     */
    public void commit() {
        try {
            FileSystem fs = fs();
            for (String output : outputs) {
                Path from = new Path(staging, output);
                Path to = new Path(target, output);
                if (!fs.exists(from)) {
                    throw new IllegalStateException("the step did not write " + from);
                }
                fs.delete(to, true);
                fs.mkdirs(to.getParent());
                if (!fs.rename(from, to)) {
                    throw new IOException("rename of " + from + " to " + to + " failed");
                }
            }
            fs.delete(staging, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit the outputs in " + staging + " to " + target, e);
        }
    }

    private FileSystem fs() throws IOException {
        return target.getFileSystem(conf);
    }
}
