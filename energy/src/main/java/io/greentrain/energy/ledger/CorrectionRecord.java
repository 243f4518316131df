package io.greentrain.energy.ledger;

import java.util.Objects;

/**
 * A correction line of the carbon ledger: energy of a window that was already written, from samples that reached the
 * driver only after it wrote that window (late messages, or samples first written down as a {@link GapRecord}).
 * It has every field of an energy {@link LedgerEntry}, in the same order and with the same meaning, plus
 * {@link #reason}; the energy it holds is in addition to the window's energy lines, so a run's energy is the sum
 * over its energy and correction lines. Late energy is never dropped and never rewrites a written line.
 *
 * @param reason which samples arrived late and why this line exists, in words
 * @see LedgerEntry for the other fields
 */
public record CorrectionRecord(String applicationId, String runId, long sequence, String executorId, String host,
                               String device, String phase, String stage, String windowStart, String windowEnd,
                               double activeJoules, double idleJoules, String method, String provenance,
                               double relativeUncertainty, double pue, String pueSource, String zone,
                               double intensityGramsPerKwh, String intensitySource,
                               String intensityTimestamp, double marketGramsPerKwh, String marketSource,
                               double locationGrams, double marketGrams, double embodiedGrams, String embodiedSource,
                               String reason, String previousHash) implements LedgerRecord {

    /** The value of the {@code kind} field that marks a correction line. */
    public static final String KIND = "correction";

    public CorrectionRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(previousHash, "previousHash");
        Objects.requireNonNull(reason, "reason");
    }

    /** The correction that adds {@code late}'s energy and emissions, for {@code reason}; unchained like {@code late}. */
    public static CorrectionRecord of(LedgerEntry late, String reason) {
        return new CorrectionRecord(late.applicationId(), late.runId(), late.sequence(), late.executorId(),
                late.host(), late.device(), late.phase(), late.stage(), late.windowStart(), late.windowEnd(),
                late.activeJoules(), late.idleJoules(), late.method(), late.provenance(), late.relativeUncertainty(),
                late.pue(), late.pueSource(),
                late.zone(), late.intensityGramsPerKwh(), late.intensitySource(), late.intensityTimestamp(),
                late.marketGramsPerKwh(), late.marketSource(), late.locationGrams(), late.marketGrams(),
                late.embodiedGrams(), late.embodiedSource(), reason, late.previousHash());
    }

    /** Total IT energy the correction adds, joules. */
    public double joules() {
        return activeJoules + idleJoules;
    }

    @Override
    public CorrectionRecord withChain(long sequence, String previousHash) {
        return new CorrectionRecord(applicationId, runId, sequence, executorId, host, device, phase, stage,
                windowStart, windowEnd, activeJoules, idleJoules, method, provenance, relativeUncertainty, pue,
                pueSource, zone,
                intensityGramsPerKwh, intensitySource, intensityTimestamp, marketGramsPerKwh, marketSource,
                locationGrams, marketGrams, embodiedGrams, embodiedSource, reason, previousHash);
    }
}
