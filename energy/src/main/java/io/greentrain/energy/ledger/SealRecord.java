package io.greentrain.energy.ledger;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The line that seals an application's part of a run's chain when the application ends: what the lines since the
 * previous seal (or since the chain's start) add up to, the head they end in, and why the application ended. A run
 * whose last line is a seal finished; a run that ends in any other line did not (its driver crashed, was killed, or
 * its last segment is missing). A run continued by a later application (a re-run into the same output folder) has
 * a seal part-way through its chain, and the later application's lines chain on after it.
 *
 * <p>{@link #previousHash} is the head hash being sealed: the SHA-256 of the last line before the seal. The totals
 * cover the lines from {@link #firstSequence} to {@code sequence - 1}, and {@link LedgerVerifier} adds them up
 * again, so a seal whose totals were changed is reported.
 *
 * <p>With a site key the seal carries an HMAC-SHA256 ({@link #hmac}) over its own line up to the {@code hmac}
 * field ({@link #signedPart}). The chain alone cannot show a ledger whose lines were edited and whose hashes were
 * all recomputed (re-chained); the HMAC can, to whoever holds the key, because the seal signs the head hash.
 *
 * @param applicationId  Spark application id (may be null)
 * @param runId          the run
 * @param sequence       the seal's position in the chain
 * @param reason         why the application ended: {@link #COMPLETED}, {@link #FAILED} or {@link #KILLED}
 * @param sealedAt       when the seal was made, ISO-8601 UTC
 * @param firstSequence  the first line the totals cover (the line after the previous seal, or 0)
 * @param energyEntries  energy entries among the covered lines
 * @param workLines      work lines among them
 * @param otherLines     lines of other kinds among them: gap and correction lines, and kinds this code does not know
 *                       (seals excepted; none can be covered)
 * @param joules         IT energy of the covered energy entries and correction lines (active + idle), joules
 * @param locationGrams  their location-based emissions, gCO2e
 * @param marketGrams    their market-based emissions, gCO2e
 * @param embodiedGrams  their embodied emissions, gCO2e
 * @param previousHash   SHA-256 (hex) of the line before the seal: the head hash sealed
 * @param hmac           HMAC-SHA256 (hex) of {@link #signedPart} with the site key; null when unsigned. Always the
 *                       line's last field
 */
public record SealRecord(String applicationId, String runId, long sequence, String reason, String sealedAt,
                         long firstSequence, long energyEntries, long workLines, long otherLines, double joules,
                         double locationGrams, double marketGrams, double embodiedGrams, String previousHash,
                         String hmac) implements LedgerRecord {

    /** The value of the {@code kind} field that marks a seal. */
    public static final String KIND = "seal";
    /** Reason: the application ended normally (its driver stopped Spark). */
    public static final String COMPLETED = "completed";
    /** Reason: the application told the plugin it failed, then stopped Spark. */
    public static final String FAILED = "failed";
    /** Reason: the driver JVM was shutting down (a signal such as SIGTERM, or an exit without stopping Spark). */
    public static final String KILLED = "killed";
    /** Every reason a seal may give. */
    public static final Set<String> REASONS = Set.of(COMPLETED, FAILED, KILLED);

    private static final String HMAC_ALGORITHM = "HmacSHA256";
    private static final String HMAC_FIELD_START = ",\"hmac\":";

    /**
     * @throws NullPointerException     if runId, previousHash or sealedAt is null
     * @throws IllegalArgumentException if the reason is unknown, sealedAt is not an instant, a count is negative,
     *                                  the covered range does not end before the seal, or the hmac is not 64 hex
     *                                  digits
     */
    public SealRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(previousHash, "previousHash");
        if (!REASONS.contains(reason)) {
            throw new IllegalArgumentException("seal: reason '" + reason + "' is not one of " + REASONS);
        }
        try {
            Instant.parse(Objects.requireNonNull(sealedAt, "sealedAt"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("seal: sealedAt '" + sealedAt + "' is not an ISO-8601 instant", e);
        }
        if (energyEntries < 0 || workLines < 0 || otherLines < 0 || firstSequence < 0) {
            throw new IllegalArgumentException("seal: counts and firstSequence must be zero or more");
        }
        if (hmac != null && !hmac.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("seal: hmac must be 64 lowercase hex digits");
        }
    }

    /** Every covered line: energy entries, work lines and other kinds. */
    public long coveredLines() {
        return energyEntries + workLines + otherLines;
    }

    /** A seal belongs to no phase. */
    @Override
    public String phase() {
        return null;
    }

    /** Whether the seal carries an HMAC. */
    public boolean signed() {
        return hmac != null;
    }

    @Override
    public SealRecord withChain(long sequence, String previousHash) {
        return new SealRecord(applicationId, runId, sequence, reason, sealedAt, firstSequence, energyEntries,
                workLines, otherLines, joules, locationGrams, marketGrams, embodiedGrams, previousHash, hmac);
    }

    /** This seal with {@code hmac} (null to remove it). */
    public SealRecord withHmac(String hmac) {
        return new SealRecord(applicationId, runId, sequence, reason, sealedAt, firstSequence, energyEntries,
                workLines, otherLines, joules, locationGrams, marketGrams, embodiedGrams, previousHash, hmac);
    }

    /**
     * The part of a stored seal line that its HMAC signs: everything before {@code ,"hmac":}. The field is always
     * last and JSON escapes every quote inside a text value, so that text cannot occur earlier in the line.
     *
     * @throws IllegalArgumentException if the line has no {@code hmac} field
     */
    public static String signedPart(String line) {
        int at = line.lastIndexOf(HMAC_FIELD_START);
        if (at < 0) {
            throw new IllegalArgumentException("not a seal line: no hmac field");
        }
        return line.substring(0, at);
    }

    /** HMAC-SHA256 of {@code signedPart} with {@code key}, as 64 lowercase hex digits. */
    public static String hmacHex(byte[] key, String signedPart) {
        try {
            Mac mac = Mac.getInstance(HMAC_ALGORITHM);
            mac.init(new SecretKeySpec(key, HMAC_ALGORITHM));
            return HexFormat.of().formatHex(mac.doFinal(signedPart.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("Every Java runtime must provide " + HMAC_ALGORITHM, e);
        }
    }

    /**
     * Checks the HMAC of a stored seal {@code line} against {@code key}.
     *
     * @return empty when it matches; otherwise why not (unsigned, or the signature does not match)
     */
    public static Optional<String> checkHmac(SealRecord seal, String line, byte[] key) {
        if (!seal.signed()) {
            return Optional.of("the seal is not signed, but a key was given");
        }
        byte[] expected = hmacHex(key, signedPart(line)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, seal.hmac().getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of("the seal's HMAC does not match the key (the ledger was re-chained, the seal edited, "
                    + "or the key is not the one it was signed with)");
        }
        return Optional.empty();
    }
}
