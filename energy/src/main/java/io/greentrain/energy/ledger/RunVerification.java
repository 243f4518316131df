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
 * @param seal      the run's last line when it is a seal and the run is intact; otherwise {@code null} (the run is
 *                  unsealed, or broken)
 * @param uncertainty how sure the energy of the lines checked is, overall
 */
public record RunVerification(String runId, long entries, int segments, String headHash, Problem problem,
                              SealRecord seal, EnergyUncertainty uncertainty) {

    /** A verification that added up no uncertainty. */
    public RunVerification(String runId, long entries, int segments, String headHash, Problem problem,
                           SealRecord seal) {
        this(runId, entries, segments, headHash, problem, seal, EnergyUncertainty.NONE);
    }

    /**
     * What a run's verification says, in one word for scripts ({@link #code()}) and a phrase for people
     * ({@link #description()}).
     */
    public enum Status {
        /** Every line chains and the last one is a seal whose totals match: the run finished. */
        SEALED("sealed", "intact and sealed"),
        /** Every line chains but the last is not a seal. */
        UNSEALED("unsealed", "intact but unsealed (the run did not finish, or its last segment is missing)"),
        /** The run has no line at all. */
        EMPTY("empty", "empty: no line was written (the run wrote nothing, or every flush failed)"),
        /** A line or segment breaks the chain, or a seal does not match. */
        BROKEN("broken", "broken");

        private final String code;
        private final String description;

        Status(String code, String description) {
            this.code = code;
            this.description = description;
        }

        /** Stable one-word code: {@code sealed}, {@code unsealed}, {@code empty}, {@code broken}. */
        public String code() {
            return code;
        }

        public String description() {
            return description;
        }
    }

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
        WRONG_RUN("wrong-run"),
        /** A seal's totals differ from what the lines it seals add up to. */
        SEAL_MISMATCH("seal-mismatch"),
        /** A key was given and a seal is unsigned, or its HMAC does not match the key. */
        SEAL_SIGNATURE("seal-signature");

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

    /** Whether every line chains (sealed, unsealed or empty alike). */
    public boolean ok() {
        return problem == null;
    }

    /** Whether the run is intact and its last line is a seal. */
    public boolean sealed() {
        return ok() && seal != null;
    }

    public Status status() {
        if (!ok()) {
            return Status.BROKEN;
        }
        if (seal != null) {
            return Status.SEALED;
        }
        return entries == 0 ? Status.EMPTY : Status.UNSEALED;
    }

    /**
     * One line: {@code run=r1 segment-...jsonl line 3 (sequence 7): hash does not match the previous entry (...)}, or
     * {@code run=r1 intact and sealed (completed): 12 entries in 3 segments, head <hash>}, or
     * {@code run=r1 intact but unsealed (...): ...}, or {@code run=r1 empty: ...}.
     */
    public String describe() {
        return switch (status()) {
            case BROKEN -> "run=" + runId + " " + problem.describe();
            case EMPTY -> "run=" + runId + " " + Status.EMPTY.description() + ", " + segments + " segments";
            case SEALED -> "run=" + runId + " intact and sealed (" + seal.reason()
                    + (seal.signed() ? ", signed" : "") + "): " + entries + " entries in " + segments
                    + " segments, head " + headHash;
            case UNSEALED -> "run=" + runId + " " + Status.UNSEALED.description() + ": " + entries + " entries in "
                    + segments + " segments, head " + headHash;
        };
    }
}
