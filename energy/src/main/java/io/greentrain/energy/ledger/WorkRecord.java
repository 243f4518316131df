package io.greentrain.energy.ledger;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One work line of the carbon ledger: {@code amount} units of work (training examples, tokens, sequences, ...) that
 * the application did in {@code phase}, as its driver recorded it. Together with the energy entries of the same
 * phase it gives energy and CO2e per unit of work from the ledger alone. Work lines carry no energy: sums of energy
 * over a ledger are sums over its {@link LedgerEntry} lines only.
 *
 * <p>Several records of one phase and unit add up (an application may record an epoch's tokens in parts).
 *
 * @param applicationId Spark application id (may be null)
 * @param runId         the run this application belongs to
 * @param sequence      position in the run's chain, shared with the energy entries
 * @param phase         phase path the work was done in, e.g. {@code train/epoch-3}; non-blank
 * @param unit          what was counted: lowercase letters, digits, {@code -} and {@code _}, starting with a letter,
 *                      at most 64 characters; by convention a plural noun such as {@link #TOKENS},
 *                      {@link #EXAMPLES} or {@link #SEQUENCES}
 * @param amount        how many units; zero or more
 * @param recordedAt    when the driver recorded it, ISO-8601 UTC
 * @param previousHash  SHA-256 (hex) of the previous line; {@link LedgerEntry#GENESIS_HASH} for the first
 */
public record WorkRecord(String applicationId, String runId, long sequence, String phase, String unit, long amount,
                         String recordedAt, String previousHash) implements LedgerRecord {

    /** The value of the {@code kind} field that marks a work line. */
    public static final String KIND = "work";
    /** Unit: training examples (rows) fitted. */
    public static final String EXAMPLES = "examples";
    /** Unit: tokens processed (for a language model: input positions trained on). */
    public static final String TOKENS = "tokens";
    /** Unit: sequences (windows of tokens) processed. */
    public static final String SEQUENCES = "sequences";
    /**
     * Unit: gross training tokens, the SCI-for-AI gross value: tokens of the training corpus as read, before
     * normalisation, quality filters and deduplication.
     */
    public static final String GROSS_TOKENS = "gross-tokens";
    /**
     * Unit: effective training tokens, the SCI-for-AI effective value: tokens of the corpus after quality filters and
     * deduplication (what the model can learn from).
     */
    public static final String EFFECTIVE_TOKENS = "effective-tokens";

    /**
     * Event unit: the training first reached its validation target in the line's phase (amount 1). An event marks
     * that something happened; it is not work done (see {@link #isEvent}).
     */
    public static final String TARGET_REACHED = "target-reached";
    /**
     * Prefix of the event units that say why training stopped early in the line's phase, e.g.
     * {@code early-stop-plateau} (amount 1; see {@link #isEvent}).
     */
    public static final String EARLY_STOP_PREFIX = "early-stop-";

    private static final Pattern UNIT = Pattern.compile("[a-z][a-z0-9_-]{0,63}");

    /**
     * @throws NullPointerException     if runId or previousHash is null
     * @throws IllegalArgumentException if phase is blank, unit is not a unit name, amount is negative or recordedAt
     *                                  is not an ISO-8601 instant
     */
    public WorkRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(previousHash, "previousHash");
        checkWork(phase, unit, amount);
        try {
            Instant.parse(Objects.requireNonNull(recordedAt, "recordedAt"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("work record: recordedAt '" + recordedAt
                    + "' is not an ISO-8601 instant", e);
        }
    }

    /**
     * An unchained record (sequence 0, genesis hash) for {@link LedgerWriter#append}, which chains it.
     *
     * @throws IllegalArgumentException as the constructor does
     */
    public static WorkRecord of(String applicationId, String runId, String phase, String unit, long amount,
                                Instant recordedAt) {
        return new WorkRecord(applicationId, runId, 0, phase, unit, amount, recordedAt.toString(),
                LedgerEntry.GENESIS_HASH);
    }

    /**
     * Checks what a caller reports: {@code phase} non-blank, {@code unit} a unit name (see {@link #unit}),
     * {@code amount} zero or more.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static void checkWork(String phase, String unit, long amount) {
        if (phase == null || phase.isBlank()) {
            throw new IllegalArgumentException("work record: phase must be a non-blank string");
        }
        if (unit == null || !UNIT.matcher(unit).matches()) {
            throw new IllegalArgumentException("work record: unit '" + unit + "' must be 1-64 lowercase letters, "
                    + "digits, '-' or '_', starting with a letter (e.g. " + TOKENS + ", " + EXAMPLES + ")");
        }
        if (amount < 0) {
            throw new IllegalArgumentException("work record: amount of " + unit + " must be zero or more, got "
                    + amount);
        }
    }

    /**
     * Whether {@code unit} names an event rather than a unit of work: {@link #TARGET_REACHED} or a unit starting
     * with {@link #EARLY_STOP_PREFIX}. An event line is a work line of amount 1 that records when something
     * happened, in the hash chain with the energy; it is no functional unit, so per-unit figures and SCI leave it
     * out.
     */
    public static boolean isEvent(String unit) {
        return unit != null && (unit.equals(TARGET_REACHED) || unit.startsWith(EARLY_STOP_PREFIX));
    }

    /** Whether this line is an event ({@link #isEvent(String)}) rather than work done. */
    public boolean isEvent() {
        return isEvent(unit);
    }

    /** {@link #recordedAt} as an instant. */
    public Instant recordedInstant() {
        return Instant.parse(recordedAt);
    }

    @Override
    public WorkRecord withChain(long sequence, String previousHash) {
        return new WorkRecord(applicationId, runId, sequence, phase, unit, amount, recordedAt, previousHash);
    }
}
