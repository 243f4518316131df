package io.greentrain.energy.ledger;

/**
 * What the lines since a run's last seal (or since its start) add up to, as a {@link SealRecord} states it. The
 * {@link LedgerWriter} keeps one to make its seal and the {@link LedgerVerifier} keeps one to check each seal; both
 * add the same values in chain order with this code, so an untouched seal matches to the last bit.
 *
 * <p>Not thread-safe.
 */
final class SealTotals {

    private long firstSequence;
    private long energyEntries;
    private long workLines;
    private long otherLines;
    private double joules;
    private double locationGrams;
    private double marketGrams;
    private double embodiedGrams;

    /** Totals of nothing, starting at sequence {@code firstSequence}. */
    SealTotals(long firstSequence) {
        this.firstSequence = firstSequence;
    }

    /**
     * Adds a line. A seal starts new totals after itself: lines before it are its own. Energy entries and correction
     * lines add their energy and emissions; correction, gap and lines of other kinds count as other lines.
     */
    void add(LedgerRecord record) {
        if (record instanceof SealRecord seal) {
            reset(seal.sequence() + 1);
        } else if (record instanceof LedgerEntry entry) {
            energyEntries++;
            joules += entry.joules();
            locationGrams += entry.locationGrams();
            marketGrams += entry.marketGrams();
            embodiedGrams += entry.embodiedGrams();
        } else if (record instanceof WorkRecord) {
            workLines++;
        } else if (record instanceof CorrectionRecord correction) {
            // Late energy of a window already written: one of the other lines, and part of the energy sealed.
            otherLines++;
            joules += correction.joules();
            locationGrams += correction.locationGrams();
            marketGrams += correction.marketGrams();
            embodiedGrams += correction.embodiedGrams();
        } else {
            otherLines++;
        }
    }

    private void reset(long first) {
        firstSequence = first;
        energyEntries = 0;
        workLines = 0;
        otherLines = 0;
        joules = 0;
        locationGrams = 0;
        marketGrams = 0;
        embodiedGrams = 0;
    }

    /** An unsigned seal of these totals, unchained (sequence 0, genesis hash) for {@link LedgerWriter} to chain. */
    SealRecord seal(String applicationId, String runId, String reason, String sealedAt) {
        return new SealRecord(applicationId, runId, 0, reason, sealedAt, firstSequence, energyEntries, workLines,
                otherLines, joules, locationGrams, marketGrams, embodiedGrams, LedgerEntry.GENESIS_HASH, null);
    }

    /** Where {@code seal}'s totals differ from these, in words; null when they match exactly. */
    String differences(SealRecord seal) {
        StringBuilder out = new StringBuilder();
        compare(out, "firstSequence", seal.firstSequence(), firstSequence);
        compare(out, "energyEntries", seal.energyEntries(), energyEntries);
        compare(out, "workLines", seal.workLines(), workLines);
        compare(out, "otherLines", seal.otherLines(), otherLines);
        compare(out, "joules", seal.joules(), joules);
        compare(out, "locationGrams", seal.locationGrams(), locationGrams);
        compare(out, "marketGrams", seal.marketGrams(), marketGrams);
        compare(out, "embodiedGrams", seal.embodiedGrams(), embodiedGrams);
        return out.length() == 0 ? null : out.toString();
    }

    private static void compare(StringBuilder out, String name, Object stated, Object counted) {
        if (!stated.equals(counted)) {
            out.append(out.length() == 0 ? "" : ", ").append(name).append(' ').append(stated)
                    .append(" where the lines hold ").append(counted);
        }
    }
}
