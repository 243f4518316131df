package io.greentrain.energy.ledger;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;

/**
 * One immutable segment of a run's ledger: {@code segment-<first>-<last>.jsonl}, both sequences zero-padded to 20
 * digits so names sort in chain order. Names without the padding (as a person or another tool may write them) are
 * segments too, as the ledger report reads them: segments are ordered by their numbers, not their names. The name
 * states the range the segment is meant to hold; whether it does is for {@link LedgerVerifier} to check.
 *
 * @param runId          the run the segment belongs to
 * @param path           the segment file
 * @param firstSequence  first sequence the name claims
 * @param lastSequence   last sequence the name claims
 */
public record SegmentFile(String runId, Path path, long firstSequence, long lastSequence) {

    /** Chain order: by first sequence, then last. */
    public static final Comparator<SegmentFile> CHAIN_ORDER =
            Comparator.comparingLong(SegmentFile::firstSequence).thenComparingLong(SegmentFile::lastSequence);

    private static final Pattern NAME = Pattern.compile("segment-(\\d{1,20})-(\\d{1,20})\\.jsonl");

    /** The file name of the segment holding sequences {@code first} to {@code last}. */
    public static String name(long first, long last) {
        return String.format("segment-%020d-%020d.jsonl", first, last);
    }

    /**
     * The segment that {@code path}'s name describes, or empty for anything else: hidden and {@code _} files,
     * temporary files, checksum files, names a person made.
     */
    public static Optional<SegmentFile> parse(String runId, Path path) {
        Matcher m = NAME.matcher(path.getName());
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SegmentFile(runId, path, Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        } catch (NumberFormatException e) {
            // 20 digits can exceed Long.MAX_VALUE; no writer makes such a name, so it is not a segment.
            return Optional.empty();
        }
    }

    /** The file name. */
    public String name() {
        return path.getName();
    }

    /** Number of entries the name claims. */
    public long claimedEntries() {
        return lastSequence - firstSequence + 1;
    }
}
