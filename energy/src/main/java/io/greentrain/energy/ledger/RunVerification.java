package io.greentrain.energy.ledger;

/**
 * What {@link LedgerVerifier} found in one run.
 *
 * @param runId     the run
 * @param entries   lines (energy entries and work records) checked and found in order (all of them when the run is
 *                  intact)
 * @param segments  segment files in the run
 * @param headHash  hash of the last good entry's line ({@link LedgerEntry#GENESIS_HASH} if none). The chain cannot
 *                  notice an edit of the run's last entry or the loss of its last segments; recording this hash
 *                  and {@code entries} elsewhere (a report, a database) and comparing later closes that gap
 * @param problem   the first bad entry or segment, or {@code null} when the run is intact
 */
public record RunVerification(String runId, long entries, int segments, String headHash, Problem problem) {

    /** Why a run's chain is broken. Codes are stable, for scripts and counters. */
    public enum Reason {
        /** The entry's previousHash is not the hash of the line before it. */
        HASH_MISMATCH("hash-mismatch"),
        /** An entry or segment is missing: the sequence jumps ahead. */
        SEQUENCE_GAP("sequence-gap"),
        /** The expected sequence comes later, or an earlier one comes again. */
        SEQUENCE_OUT_OF_ORDER("sequence-out-of-order"),
        /** The segment's name states a range its lines do not hold. */
        SEGMENT_RANGE_MISMATCH("segment-range-mismatch"),
        /** The line is not a ledger entry. */
        UNREADABLE_LINE("unreadable-line"),
        /** The entry names another run. */
        WRONG_RUN("wrong-run");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /**
     * The first thing wrong in a run.
     *
     * @param segment   file name of the segment
     * @param line      line in the segment, from 1; 0 when the problem is the segment as a whole
     * @param sequence  the entry's sequence as written (for a whole segment, the first its name states); -1 if unknown
     * @param reason    what kind of problem
     * @param message   one human sentence fragment, e.g. {@code sequence gap: expected 7 (entries deleted)}
     */
    public record Problem(String segment, long line, long sequence, Reason reason, String message) {

        /** {@code segment-...jsonl line 3 (sequence 7): message}. */
        public String describe() {
            StringBuilder text = new StringBuilder(segment);
            if (line > 0) {
                text.append(" line ").append(line);
            }
            if (sequence >= 0) {
                text.append(" (sequence ").append(sequence).append(')');
            }
            return text.append(": ").append(message).toString();
        }
    }

    public boolean ok() {
        return problem == null;
    }

    /**
     * One line: {@code run=r1 segment-...jsonl line 3 (sequence 7): hash does not match the previous entry (...)}, or
     * {@code run=r1 intact: 12 entries in 3 segments, head <hash>}.
     */
    public String describe() {
        if (ok()) {
            return "run=" + runId + " intact: " + entries + " entries in " + segments + " segments, head " + headHash;
        }
        return "run=" + runId + " " + problem.describe();
    }
}
