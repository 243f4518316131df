package io.greentrain.energy.ledger;

import java.util.Objects;

/**
 * A gap line of the carbon ledger: samples of one executor that the driver never received (their sequence numbers
 * were skipped), written once the windows around them were recorded, so that a ledger shows what it does not hold
 * instead of silently summing less. A gap line carries no energy; {@link #handling} says what became of the missing
 * energy. If a missing sample arrives after all, its energy is written as a {@link CorrectionRecord}.
 *
 * @param applicationId        Spark application id (may be null)
 * @param runId                the run this application belongs to
 * @param sequence             position in the run's chain, shared with every other kind of line
 * @param executorId           the executor whose samples are missing
 * @param host                 its host
 * @param firstMissingSample   the first missing sample's sequence number (the executor's own numbering)
 * @param lastMissingSample    the last missing sample's sequence number, {@code >= firstMissingSample}
 * @param windowStart          start of the time the missing samples covered, ISO-8601 UTC (the end of the
 *                             executor's sample before the gap; equal to {@code windowEnd} when the gap is at the
 *                             executor's start and nothing earlier is known)
 * @param windowEnd            end of that time, ISO-8601 UTC (the start of the sample after the gap)
 * @param handling             how the missing energy was handled, in words
 * @param previousHash         SHA-256 (hex) of the previous line
 */
public record GapRecord(String applicationId, String runId, long sequence, String executorId, String host,
                        long firstMissingSample, long lastMissingSample, String windowStart, String windowEnd,
                        String handling, String previousHash) implements LedgerRecord {

    /** The value of the {@code kind} field that marks a gap line. */
    public static final String KIND = "gap";

    /** {@link #handling} of a gap whose energy is not in the ledger (unless a correction line adds it later). */
    public static final String NOT_COUNTED = "not counted: the samples never arrived, so their energy is not in "
            + "this ledger; a sample that arrives later is written as a correction line";

    /**
     * @throws NullPointerException     if runId, executorId or previousHash is null
     * @throws IllegalArgumentException if the missing range is empty or negative
     */
    public GapRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(executorId, "executorId");
        Objects.requireNonNull(previousHash, "previousHash");
        if (firstMissingSample < 0 || lastMissingSample < firstMissingSample) {
            throw new IllegalArgumentException("gap line: missing samples " + firstMissingSample + ".."
                    + lastMissingSample + " are not a range of sequence numbers");
        }
    }

    /** How many samples are missing. */
    public long missingSamples() {
        return lastMissingSample - firstMissingSample + 1;
    }

    /** A gap line has no phase: null. */
    @Override
    public String phase() {
        return null;
    }

    @Override
    public GapRecord withChain(long sequence, String previousHash) {
        return new GapRecord(applicationId, runId, sequence, executorId, host, firstMissingSample, lastMissingSample,
                windowStart, windowEnd, handling, previousHash);
    }
}
