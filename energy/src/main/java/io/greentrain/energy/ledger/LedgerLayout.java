package io.greentrain.energy.ledger;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a ledger keeps things: {@code LEDGER/run=<runId>/segment-<first>-<last>.jsonl}, with a segment being written
 * under the hidden name {@code .segment-<first>-<last>.jsonl.tmp} beside it until it is complete.
 */
final class LedgerLayout {

    static final String RUN_PREFIX = "run=";
    static final String TEMPORARY_PREFIX = ".segment-";
    static final String TEMPORARY_SUFFIX = ".jsonl.tmp";

    private static final Logger LOG = LoggerFactory.getLogger(LedgerLayout.class);
    /** Safe in a Hadoop path component and in every file system's names; no ':' (a URI scheme to Path). */
    private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private LedgerLayout() {
    }

    /** {@code runId} if it can name a run folder. */
    static String checkRunId(String runId) {
        if (runId == null || !RUN_ID.matcher(runId).matches()) {
            throw new IllegalArgumentException("Ledger run id '" + runId + "' must be 1-200 letters, digits, '.', "
                    + "'_' or '-', starting with a letter or digit");
        }
        return runId;
    }

    static Path runDirectory(Path ledger, String runId) {
        return new Path(ledger, RUN_PREFIX + checkRunId(runId));
    }

    static Path temporaryPath(Path runDirectory, long first, long last) {
        return new Path(runDirectory, "." + SegmentFile.name(first, last) + ".tmp");
    }

    static boolean isTemporary(String name) {
        return name.startsWith(TEMPORARY_PREFIX) && name.endsWith(TEMPORARY_SUFFIX);
    }

    /**
     * The file system to read and write ledger files through. The local file system's checksum layer is skipped:
     * it would keep {@code .crc} files beside the segments and turn any change to a segment into a bare checksum
     * error, where the hash chain says which entry changed and how.
     */
    static FileSystem dataFileSystem(FileSystem fs) {
        return fs instanceof ChecksumFileSystem checksummed ? checksummed.getRawFileSystem() : fs;
    }

    /** Run ids under {@code ledger}, sorted; folders whose name is not {@code run=<valid id>} are skipped. */
    static List<String> runIds(FileSystem fs, Path ledger) throws IOException {
        List<String> ids = new ArrayList<>();
        for (FileStatus status : fs.listStatus(ledger)) {
            String name = status.getPath().getName();
            if (!status.isDirectory() || !name.startsWith(RUN_PREFIX)) {
                continue;
            }
            String id = name.substring(RUN_PREFIX.length());
            try {
                ids.add(checkRunId(id));
            } catch (IllegalArgumentException e) {
                LOG.warn("Skipping ledger folder {}: {}", status.getPath(), e.getMessage());
            }
        }
        ids.sort(null);
        return ids;
    }

    /** The run's segments in chain order; a missing run folder is an error. */
    static List<SegmentFile> segments(FileSystem fs, Path ledger, String runId) throws IOException {
        Path runDirectory = runDirectory(ledger, runId);
        if (!fs.exists(runDirectory)) {
            throw new FileNotFoundException("No ledger run " + runId + ": " + runDirectory + " does not exist");
        }
        List<SegmentFile> segments = new ArrayList<>();
        for (FileStatus status : fs.listStatus(runDirectory)) {
            if (status.isFile()) {
                SegmentFile.parse(runId, status.getPath()).ifPresent(segments::add);
            }
        }
        segments.sort(SegmentFile.CHAIN_ORDER);
        return segments;
    }

    static BufferedReader open(FileSystem fs, SegmentFile segment) throws IOException {
        return new BufferedReader(new InputStreamReader(fs.open(segment.path()), StandardCharsets.UTF_8));
    }
}
