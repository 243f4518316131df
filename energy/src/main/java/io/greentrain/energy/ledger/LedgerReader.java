package io.greentrain.energy.ledger;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads a ledger's lines back (energy entries and work records), one segment at a time, in chain order. Only files named like a segment are read:
 * temporary files of an unfinished flush, hidden files and {@code _}-prefixed names are never data. The reader does
 * not check the chain; {@link LedgerVerifier} does.
 *
 * <p>Thread-safe (it holds no state beyond the file system and path); each stream it returns is for one thread and
 * must be closed, which closes the segment it is reading.
 */
public final class LedgerReader {

    private final FileSystem fs;
    private final Path ledger;

    /** Reads the ledger at {@code ledger} (the folder holding {@code run=<id>} folders) through {@code fs}. */
    public LedgerReader(FileSystem fs, Path ledger) {
        this.fs = LedgerLayout.dataFileSystem(fs);
        this.ledger = ledger;
    }

    /** Ids of the runs in the ledger, sorted. */
    public List<String> runIds() throws IOException {
        return LedgerLayout.runIds(fs, ledger);
    }

    /** The run's segments in chain order (as their names state). */
    public List<SegmentFile> segments(String runId) throws IOException {
        return LedgerLayout.segments(fs, ledger, runId);
    }

    /**
     * The run's lines of both kinds in chain order, read lazily: one segment is open at a time and one line is held.
     * A line that cannot be decoded ends the stream with an {@link UncheckedIOException} whose cause is a
     * {@link LedgerFormatException} naming the file and line.
     *
     * @throws java.io.FileNotFoundException if the run does not exist
     */
    public Stream<LedgerRecord> records(String runId) throws IOException {
        RecordIterator iterator = new RecordIterator(fs, segments(runId));
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator,
                Spliterator.ORDERED | Spliterator.NONNULL), false).onClose(iterator::close);
    }

    /** Every run's lines, run by run in {@link #runIds()} order, each run in chain order; lazily like {@link #records(String)}. */
    public Stream<LedgerRecord> records() throws IOException {
        return runIds().stream().flatMap(runId -> {
            try {
                return records(runId);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The run's energy entries in chain order (its work lines skipped); lazily like {@link #records(String)}. */
    public Stream<LedgerEntry> entries(String runId) throws IOException {
        return onlyEnergy(records(runId));
    }

    /** Every run's energy entries, run by run in {@link #runIds()} order; lazily like {@link #records(String)}. */
    public Stream<LedgerEntry> entries() throws IOException {
        return onlyEnergy(records());
    }

    /** The run's work records in chain order (its energy entries skipped); lazily like {@link #records(String)}. */
    public Stream<WorkRecord> work(String runId) throws IOException {
        return records(runId).filter(WorkRecord.class::isInstance).map(WorkRecord.class::cast);
    }

    private static Stream<LedgerEntry> onlyEnergy(Stream<LedgerRecord> records) {
        return records.filter(LedgerEntry.class::isInstance).map(LedgerEntry.class::cast);
    }

    private static final class RecordIterator implements Iterator<LedgerRecord> {
        private final FileSystem fs;
        private final Iterator<SegmentFile> segments;
        private SegmentFile segment;
        private BufferedReader in;
        private long lineNumber;
        private LedgerRecord next;

        RecordIterator(FileSystem fs, List<SegmentFile> segments) {
            this.fs = fs;
            this.segments = segments.iterator();
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            try {
                while (true) {
                    if (in == null) {
                        if (!segments.hasNext()) {
                            return false;
                        }
                        segment = segments.next();
                        in = LedgerLayout.open(fs, segment);
                        lineNumber = 0;
                    }
                    String line = in.readLine();
                    if (line != null) {
                        lineNumber++;
                        next = LedgerCodec.decode(line, segment.path().toString(), lineNumber);
                        return true;
                    }
                    in.close();
                    in = null;
                }
            } catch (IOException e) {
                close();
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public LedgerRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            LedgerRecord entry = next;
            next = null;
            return entry;
        }

        void close() {
            if (in != null) {
                try {
                    in.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("Closing " + segment.path() + " failed", e);
                } finally {
                    in = null;
                }
            }
        }
    }
}
