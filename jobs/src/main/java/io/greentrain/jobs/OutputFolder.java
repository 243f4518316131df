package io.greentrain.jobs;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The check, before Spark starts, that a run may use its output folder: it does not exist yet, is
 * empty, or holds what greentrain writes there ({@link #OUR_ENTRIES}). A path that is a file is
 * refused; a folder with anything else in it is refused unless the user says {@code --force}, because
 * a step deletes its outputs there before it runs.
 */
final class OutputFolder {

    /** Entries only a greentrain run creates: one of them makes a non-empty folder ours. */
    static final Set<String> OUR_ENTRIES = Set.of("_markers", "_staging", "summary.json", "ledger",
            OutputLock.FILE_NAME);

    private OutputFolder() {
    }

    /**
     * @throws IllegalArgumentException one line naming the folder when it may not be used
     */
    static void checkUsable(RunLayout layout, boolean force, Configuration conf) {
        Path dir = new Path(layout.outputDir());
        try {
            FileSystem fs = dir.getFileSystem(conf);
            FileStatus status;
            try {
                status = fs.getFileStatus(dir);
            } catch (FileNotFoundException absent) {
                return;
            }
            if (!status.isDirectory()) {
                throw new IllegalArgumentException("output path " + layout.outputDir() + " is a file, not a folder: "
                        + "give --output (greentrain.output.dir) a folder");
            }
            FileStatus[] entries = fs.listStatus(dir);
            if (force || entries.length == 0) {
                return;
            }
            for (FileStatus entry : entries) {
                if (OUR_ENTRIES.contains(entry.getPath().getName())) {
                    return;
                }
            }
            throw new IllegalArgumentException("output folder " + layout.outputDir() + " is not empty and holds no "
                    + "greentrain run (no _markers, summary.json or ledger): choose another --output, or add --force "
                    + "to use it anyway (steps replace their own outputs there)");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the output folder " + layout.outputDir(), e);
        }
    }
}
