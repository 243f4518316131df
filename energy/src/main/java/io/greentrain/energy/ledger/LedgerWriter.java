package io.greentrain.energy.ledger;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends to one run's carbon ledger on any Hadoop file system ({@code file:}, {@code hdfs:}, ...).
 *
 * <p>The writer owns the chain: {@link #append} gives each entry the run's next {@code sequence} and the SHA-256 of
 * the previous entry's line as {@code previousHash}, whatever the caller put there, and buffers it. {@link #flush}
 * writes everything buffered as one new immutable segment, first under a hidden temporary name and then renamed, so
 * readers see a segment completely or not at all. Opening a writer on a run that already has segments continues its
 * chain after checking the last segment; temporary files left by a crash are deleted then.
 *
 * <p>{@link #seal} ends an application's part of the chain with a {@link SealRecord}: the totals of the lines since
 * the run's previous seal, which the writer keeps as it appends (and, when it continues a run, adds up from the
 * segments written since that seal when it opens).
 *
 * <p>A failed flush (an {@link IOException}, or a Hadoop {@link FSError} such as a full local disk, which is a Java
 * {@code Error}) is logged and counted ({@link #failedFlushes()}), leaves no temporary file behind where the file
 * system lets it be deleted, and keeps the lines buffered for the next flush.
 *
 * <p>Driver-side only: this class is NOT meant to be serialized and sent to executors, and there must be one writer
 * per run at a time (a second one would fork the chain, which {@link LedgerVerifier} then reports). Every method is
 * thread-safe; they share one lock, so an {@code append} waits while a flush writes. The writer does not close the
 * file system it was given.
 */
public final class LedgerWriter implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);

    private final FileSystem fs;
    private final String runId;
    private final Path runDirectory;
    private final Duration flushInterval;
    private final Clock clock;

    private final List<String> bufferedLines = new ArrayList<>();
    private long nextSequence;
    private String headHash;
    private long firstBufferedSequence;
    private Instant lastFlush;
    private boolean closed;
    private final SealTotals sinceSeal;
    private long failedFlushes;

    private LedgerWriter(FileSystem fs, String runId, Path runDirectory, Duration flushInterval, Clock clock,
                         long nextSequence, String headHash, SealTotals sinceSeal) {
        this.fs = fs;
        this.runId = runId;
        this.runDirectory = runDirectory;
        this.flushInterval = flushInterval;
        this.clock = clock;
        this.nextSequence = nextSequence;
        this.headHash = headHash;
        this.firstBufferedSequence = nextSequence;
        this.lastFlush = clock.instant();
        this.sinceSeal = sinceSeal;
    }

    /** {@link #open(FileSystem, Path, String, Duration, Clock)} with the system clock. */
    public static LedgerWriter open(FileSystem fs, Path ledger, String runId, Duration flushInterval)
            throws IOException {
        return open(fs, ledger, runId, flushInterval, Clock.systemUTC());
    }

    /**
     * Opens run {@code runId} of the ledger at {@code ledger} for appending, creating its folder if needed. If the
     * run has segments, its last segment is read and checked (every line decodes, sequences are consecutive and
     * match the name, hashes chain), and the chain continues after its last entry. Temporary segment files left by
     * an interrupted flush are deleted and logged. The segments written since the run's last seal are read too,
     * for the totals of the next seal. Costs one listing and, when the run's last application sealed its lines, one
     * segment read; after a crash, one read of every segment since the last seal.
     *
     * @param flushInterval how long {@link #flushIfDue} lets buffered entries wait; positive
     * @param clock         time source for {@link #flushIfDue()} and for the start of the first interval
     * @throws IOException if the file system fails, or the last segment is damaged (the chain cannot continue)
     */
    public static LedgerWriter open(FileSystem fs, Path ledger, String runId, Duration flushInterval, Clock clock)
            throws IOException {
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(clock, "clock");
        if (flushInterval == null || flushInterval.isNegative() || flushInterval.isZero()) {
            throw new IllegalArgumentException("Ledger flush interval must be positive, got " + flushInterval);
        }
        FileSystem data = LedgerLayout.dataFileSystem(fs);
        Path runDirectory = data.makeQualified(LedgerLayout.runDirectory(ledger, runId));
        if (!data.mkdirs(runDirectory)) {
            throw new IOException("Cannot create ledger run folder " + runDirectory);
        }
        deleteTemporaryFiles(data, runDirectory);
        List<SegmentFile> segments = LedgerLayout.segments(data, ledger, runId);
        if (segments.isEmpty()) {
            LOG.info("Ledger run {} starts a new chain in {}", runId, redact(runDirectory));
            return new LedgerWriter(data, runId, runDirectory, flushInterval, clock, 0, LedgerEntry.GENESIS_HASH,
                    new SealTotals(0));
        }
        SegmentFile last = segments.get(segments.size() - 1);
        String lastHash = checkLastSegment(data, last);
        SealTotals sinceSeal = totalsSinceLastSeal(data, segments);
        LOG.info("Ledger run {} continues at sequence {} after {}", runId, last.lastSequence() + 1,
                redact(last.path()));
        return new LedgerWriter(data, runId, runDirectory, flushInterval, clock, last.lastSequence() + 1, lastHash,
                sinceSeal);
    }

    /** {@link #append(List)} for one line (an energy entry or a work record). */
    public <R extends LedgerRecord> R append(R record) {
        return append(List.of(record)).get(0);
    }

    /**
     * Chains and buffers {@code entries} (energy entries, work records or both), in order: each gets the next
     * sequence and the previous line's hash; their own {@code sequence} and {@code previousHash} are ignored. All or nothing: if one is refused, none is
     * buffered. Does no I/O.
     *
     * @return the entries as they will be written
     * @throws IllegalArgumentException if an entry belongs to another run or holds a NaN or infinite number, or is a
     *                                  seal ({@link #seal} makes those) or a line of unknown kind
     * @throws IllegalStateException    if the writer is closed
     */
    public synchronized <R extends LedgerRecord> List<R> append(List<R> entries) {
        checkOpen();
        for (R entry : entries) {
            if (entry instanceof SealRecord || entry instanceof OtherKindRecord) {
                throw new IllegalArgumentException("Ledger writer of run " + runId + ": "
                        + entry.getClass().getSimpleName() + " lines cannot be appended");
            }
        }
        List<R> chained = new ArrayList<>(entries.size());
        List<String> lines = new ArrayList<>(entries.size());
        long sequence = nextSequence;
        String previousHash = headHash;
        for (R entry : entries) {
            if (!runId.equals(entry.runId())) {
                throw new IllegalArgumentException("Ledger entry for run " + entry.runId()
                        + " given to the writer of run " + runId);
            }
            @SuppressWarnings("unchecked") // withChain returns the record's own class (LedgerRecord's contract)
            R placed = (R) entry.withChain(sequence++, previousHash);
            String line = LedgerCodec.encode(placed);
            previousHash = LedgerCodec.sha256Hex(line);
            chained.add(placed);
            lines.add(line);
        }
        bufferedLines.addAll(lines);
        nextSequence = sequence;
        headHash = previousHash;
        chained.forEach(sinceSeal::add);
        return chained;
    }

    /**
     * Seals the lines appended since the run's previous seal (or since its start, written by this writer or by an
     * earlier one): appends a {@link SealRecord} with their totals, chained like any line, and signed with
     * {@code hmacKey} when one is given. Does no I/O; the next flush writes it. The run may go on after a seal (a
     * later application continues it).
     *
     * @param applicationId the application that ends (may be null)
     * @param reason        one of {@link SealRecord#REASONS}
     * @param sealedAt      when
     * @param hmacKey       the site key to sign the seal with, or null for an unsigned seal
     * @return the seal as it will be written
     * @throws IllegalArgumentException if the reason is unknown
     * @throws IllegalStateException    if the writer is closed
     */
    public synchronized SealRecord seal(String applicationId, String reason, Instant sealedAt, byte[] hmacKey) {
        checkOpen();
        SealRecord seal = sinceSeal.seal(applicationId, runId, reason, sealedAt.toString())
                .withChain(nextSequence, headHash);
        String line = LedgerCodec.encode(seal);
        if (hmacKey != null) {
            seal = seal.withHmac(SealRecord.hmacHex(hmacKey, SealRecord.signedPart(line)));
            line = LedgerCodec.encode(seal);
        }
        bufferedLines.add(line);
        nextSequence++;
        headHash = LedgerCodec.sha256Hex(line);
        sinceSeal.add(seal);
        return seal;
    }

    /** How many flushes have failed since the writer was opened (each one's lines were kept and retried). */
    public synchronized long failedFlushes() {
        return failedFlushes;
    }

    /** The sequence of the first buffered line (equal to {@link #nextSequence()} when nothing is buffered). */
    public synchronized long firstBufferedSequence() {
        return firstBufferedSequence;
    }

    /** {@link #flushIfDue(Instant)} at the clock's now. */
    public boolean flushIfDue() throws IOException {
        return flushIfDue(clock.instant());
    }

    /**
     * Flushes if at least the flush interval has passed since the last flush (or since opening), so at most one
     * segment is written per interval and no entry waits much longer than one interval, provided the caller calls
     * this often. An empty buffer writes nothing but starts a new interval, and so does a failed flush: a failing
     * file system is retried once per interval. Runs on the caller's thread; after {@link #close()} it does nothing,
     * so a periodic caller may race with shutdown.
     *
     * @return whether a segment was written
     */
    public synchronized boolean flushIfDue(Instant now) throws IOException {
        if (closed || now.isBefore(lastFlush.plus(flushInterval))) {
            return false;
        }
        return write(now).isPresent();
    }

    /**
     * Writes every buffered entry as one new segment now; nothing if the buffer is empty. The segment is written
     * under a hidden temporary name, synced, then renamed to its final name. If anything fails, the temporary file
     * is removed and the entries stay buffered (in memory, without bound), so a later flush retries them with the
     * same sequences. After {@link #close()} there is nothing to write.
     *
     * @return the segment written, if any
     * @throws IOException if writing or renaming fails, or a segment with the same name already exists
     */
    public synchronized Optional<SegmentFile> flush() throws IOException {
        return write(clock.instant());
    }

    /** Flushes, then refuses further appends. Closing twice does nothing; if the flush fails the writer stays open. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        write(clock.instant());
        closed = true;
    }

    public String runId() {
        return runId;
    }

    /** The run's folder, fully qualified. */
    public Path runDirectory() {
        return runDirectory;
    }

    /** The sequence the next appended entry will get. */
    public synchronized long nextSequence() {
        return nextSequence;
    }

    /** Hash of the last appended entry's line ({@link LedgerEntry#GENESIS_HASH} before any): the chain's head. */
    public synchronized String headHash() {
        return headHash;
    }

    /** Entries appended but not yet written. */
    public synchronized int bufferedEntries() {
        return bufferedLines.size();
    }

    private Optional<SegmentFile> write(Instant now) throws IOException {
        lastFlush = now;
        if (bufferedLines.isEmpty()) {
            return Optional.empty();
        }
        long first = firstBufferedSequence;
        long last = nextSequence - 1;
        Path target = new Path(runDirectory, SegmentFile.name(first, last));
        Path temporary = LedgerLayout.temporaryPath(runDirectory, first, last);
        try {
            writeSegment(temporary, target);
        } catch (IOException e) {
            failedFlushes++;
            LOG.warn("Ledger run {}: flush {} failed, {} lines (sequences {}-{}) stay buffered for the next flush: {}",
                    runId, failedFlushes, bufferedLines.size(), first, last,
                    io.greentrain.energy.config.UriRedaction.redact(e.toString()));
            throw e;
        }
        bufferedLines.clear();
        firstBufferedSequence = nextSequence;
        LOG.debug("Ledger run {}: wrote {}", runId, redact(target));
        return Optional.of(new SegmentFile(runId, target, first, last));
    }

    /**
     * Writes the buffered lines to {@code temporary} and renames it to {@code target}; removes the temporary file
     * if anything fails. A Hadoop {@link FSError} (the local file system's way of saying the disk is full) is
     * reported as an {@link IOException}: a ledger write must never end the caller's thread.
     */
    private void writeSegment(Path temporary, Path target) throws IOException {
        try {
            if (fs.exists(target)) {
                throw new IOException("Ledger segment " + target + " already exists: is another writer appending to "
                        + "run " + runId + "?");
            }
            writeAndRename(temporary, target);
        } catch (FSError e) {
            throw new IOException("file system error writing " + target + ": " + e.getMessage(), e);
        }
    }

    private void writeAndRename(Path temporary, Path target) throws IOException {
        try {
            try (FSDataOutputStream out = fs.create(temporary, true);
                 Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
                for (String line : bufferedLines) {
                    text.write(line);
                    text.write('\n');
                }
                text.flush();
                out.hsync();
            }
            if (!fs.rename(temporary, target)) {
                throw new IOException("Renaming " + temporary + " to " + target + " failed");
            }
        } catch (IOException | RuntimeException | FSError e) {
            try {
                fs.delete(temporary, false);
            } catch (IOException | FSError cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** A path as logs show it: without credentials ({@link io.greentrain.energy.config.UriRedaction}). */
    private static String redact(Path path) {
        return io.greentrain.energy.config.UriRedaction.redact(path.toString());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("The ledger writer of run " + runId + " is closed");
        }
    }

    private static void deleteTemporaryFiles(FileSystem fs, Path runDirectory) throws IOException {
        for (FileStatus status : fs.listStatus(runDirectory)) {
            if (status.isFile() && LedgerLayout.isTemporary(status.getPath().getName())) {
                LOG.warn("Deleting {} ({} bytes), a ledger segment whose flush was interrupted; its entries were "
                        + "never part of the ledger", redact(status.getPath()), status.getLen());
                if (!fs.delete(status.getPath(), false)) {
                    throw new IOException("Cannot delete stale temporary ledger file " + status.getPath());
                }
            }
        }
    }

    /**
     * The totals of the lines after the run's last seal: reads segments back from the last until one holds a seal
     * (or the first), then adds their lines up in chain order, as the verifier does.
     */
    private static SealTotals totalsSinceLastSeal(FileSystem fs, List<SegmentFile> segments) throws IOException {
        int from = segments.size() - 1;
        while (from > 0 && !holdsSeal(fs, segments.get(from))) {
            from--;
        }
        SealTotals totals = new SealTotals(segments.get(from).firstSequence());
        for (SegmentFile segment : segments.subList(from, segments.size())) {
            forEachRecord(fs, segment, totals::add);
        }
        return totals;
    }

    private static boolean holdsSeal(FileSystem fs, SegmentFile segment) throws IOException {
        boolean[] found = {false};
        forEachRecord(fs, segment, record -> found[0] |= record instanceof SealRecord);
        return found[0];
    }

    private static void forEachRecord(FileSystem fs, SegmentFile segment,
                                      java.util.function.Consumer<LedgerRecord> action) throws IOException {
        String source = segment.path().toString();
        long lineNumber = 0;
        try (BufferedReader in = LedgerLayout.open(fs, segment)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                try {
                    action.accept(LedgerCodec.decode(line, source, ++lineNumber));
                } catch (LedgerFormatException e) {
                    throw new IOException("Cannot continue ledger run " + segment.runId() + ": " + e.getMessage()
                            + "; run the ledger verifier", e);
                }
            }
        }
    }

    /** Checks the run's last segment on its own and returns the hash of its last line. */
    private static String checkLastSegment(FileSystem fs, SegmentFile segment) throws IOException {
        String source = segment.path().toString();
        long expected = segment.firstSequence();
        String previousHash = null;
        long lineNumber = 0;
        try (BufferedReader in = LedgerLayout.open(fs, segment)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                LedgerRecord entry;
                try {
                    entry = LedgerCodec.decode(line, source, lineNumber);
                } catch (LedgerFormatException e) {
                    throw new IOException("Cannot continue ledger run " + segment.runId() + ": " + e.getMessage()
                            + "; run the ledger verifier", e);
                }
                String problem = null;
                if (!segment.runId().equals(entry.runId())) {
                    problem = "belongs to run " + entry.runId();
                } else if (entry.sequence() != expected) {
                    problem = "has sequence " + entry.sequence() + " where " + expected + " belongs";
                } else if (previousHash != null && !previousHash.equals(entry.previousHash())) {
                    problem = "does not chain to the line before it";
                }
                if (problem != null) {
                    throw new IOException("Cannot continue ledger run " + segment.runId() + ": " + source + " line "
                            + lineNumber + " " + problem + "; run the ledger verifier");
                }
                previousHash = LedgerCodec.sha256Hex(line);
                expected++;
            }
        }
        if (previousHash == null || expected - 1 != segment.lastSequence()) {
            throw new IOException("Cannot continue ledger run " + segment.runId() + ": " + source + " holds "
                    + (lineNumber == 0 ? "no entries" : "sequences up to " + (expected - 1))
                    + ", not the range its name states; run the ledger verifier");
        }
        return previousHash;
    }
}

