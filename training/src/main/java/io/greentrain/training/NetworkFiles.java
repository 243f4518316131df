package io.greentrain.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/** Saves and loads networks ({@link ModelSerializer} zip format) on any Hadoop file system. */
public final class NetworkFiles {

    private NetworkFiles() {
    }

    /** Writes {@code network} to {@code path}, replacing it; with the updater state when {@code withUpdater}. */
    public static void save(MultiLayerNetwork network, String path, boolean withUpdater, Configuration conf) {
        Path target = new Path(path);
        try {
            FileSystem fs = target.getFileSystem(conf);
            try (OutputStream out = fs.create(target, true)) {
                ModelSerializer.writeModel(network, out, withUpdater);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write network to " + path, e);
        }
    }

    /** Reads the network at {@code path}. */
    public static MultiLayerNetwork load(String path, Configuration conf) {
        Path source = new Path(path);
        try {
            FileSystem fs = source.getFileSystem(conf);
            try (InputStream in = fs.open(source)) {
                return ModelSerializer.restoreMultiLayerNetwork(in, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read network from " + path, e);
        }
    }
}
