package io.greentrain.formats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * How the minibatch files of one folder are named and found: the converter and the sequence
 * exporter write file number {@code i} as {@code batch-%06d.bin} ({@link #fileName}), and the
 * trainers read every file matching {@link #FILE_GLOB} ({@link #list}), in name order, which is
 * batch order. What a file holds (a DL4J {@code DataSet}) is the writer's business; this class
 * only names and lists.
 */
public final class MinibatchFolder {

    /** The glob that matches the minibatch files of a folder, and nothing else written there. */
    public static final String FILE_GLOB = "batch-*.bin";

    private MinibatchFolder() {
    }

    /**
     * The name of minibatch file number {@code index}: {@code batch-000000.bin}, {@code batch-000001.bin}, ...
     *
     * @throws IllegalArgumentException for a negative index
     */
    public static String fileName(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("a minibatch file index must not be negative, not " + index);
        }
        return String.format("batch-%06d.bin", index);
    }

    /** The full path of minibatch file number {@code index} in {@code directory}. */
    public static String filePath(String directory, long index) {
        return new Path(directory, fileName(index)).toString();
    }

    /**
     * The minibatch files in {@code directory} as fully qualified paths, in batch order; empty when
     * the folder does not exist or holds none.
     *
     * @throws UncheckedIOException naming the folder when it cannot be listed
     */
    public static List<String> list(String directory, Configuration conf) {
        Path dir = new Path(directory);
        try {
            FileSystem fs = dir.getFileSystem(conf);
            FileStatus[] statuses = fs.globStatus(new Path(dir, FILE_GLOB));
            List<String> paths = new ArrayList<>();
            for (FileStatus status : statuses == null ? new FileStatus[0] : statuses) {
                if (status.isFile()) {
                    paths.add(status.getPath().toString());
                }
            }
            paths.sort(null);
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }
}
