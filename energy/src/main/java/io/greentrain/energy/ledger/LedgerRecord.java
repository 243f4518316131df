package io.greentrain.energy.ledger;

/**
 * One line of the carbon ledger: an energy {@link LedgerEntry} (what a device used in a phase and
 * window, and what that emitted), a {@link WorkRecord} (units of work a phase did, such as tokens or examples), a
 * {@link GapRecord} (samples that never arrived) or a {@link CorrectionRecord} (late energy of a written window).
 * Both kinds share one hash chain per run: each line's {@link #previousHash} is the SHA-256 of the line before it,
 * whatever its kind, so editing, deleting or reordering a line of either kind breaks the chain from there on.
 *
 * <p>On disk an energy entry has no {@code kind} field (ledgers written before work records existed are all energy
 * entries and read unchanged); a work record starts with {@code "kind":"work"}, a {@link SealRecord} with
 * {@code "kind":"seal"}; a line of a kind this code does not know is an {@link OtherKindRecord}, checked for its place
 * in the chain only. See {@link LedgerCodec}.
 */
public sealed interface LedgerRecord
        permits LedgerEntry, WorkRecord, GapRecord, CorrectionRecord, SealRecord, OtherKindRecord {

    /** Spark application id (may be null). */
    String applicationId();

    /** The run the record belongs to; never null. */
    String runId();

    /** 0, 1, 2, ... over the whole run's chain, shared by both kinds. */
    long sequence();

    /** Phase path ({@code train/epoch-3}, {@code idle}, ...); null for a seal or a line of unknown kind. */
    String phase();

    /** SHA-256 (hex) of the previous line; {@link LedgerEntry#GENESIS_HASH} for the first. */
    String previousHash();

    /**
     * This record placed at {@code sequence} after the line that hashes to {@code previousHash}; every other field
     * is kept. The result is always of the same class as this record. {@link LedgerWriter} uses it to chain what it
     * is given.
     */
    LedgerRecord withChain(long sequence, String previousHash);
}
