package io.greentrain.energy.ledger;

import java.util.List;

/**
 * The ledger's line format, written down once: which fields each kind of line has, in which order and of which
 * type, and which format version a line is in. {@link LedgerCodec} encodes and decodes lines from these lists, the
 * {@link LedgerVerifier} checks them through it, and the ledger report derives its Spark schema from them.
 *
 * <p>A line is a JSON object on one line. Since format version {@value #VERSION} a line starts with
 * {@code "v":1}; lines written before versions existed have no {@code v} field and are version
 * {@value #UNVERSIONED}. Both are read; a version newer than {@value #VERSION} is refused. The chain hashes are
 * taken over each line as stored, so adding the version to new lines leaves old chains valid, and a run may hold
 * unversioned lines followed by versioned ones.
 *
 * <ul>
 *   <li>An energy line ({@link LedgerEntry}) has no {@code kind} field, then {@link #ENERGY_FIELDS} in order.
 *       {@code relativeUncertainty} was added later: energy and correction lines written before it lack it and
 *       read as NaN (not recorded); their hashes are unchanged, since the chain hashes each line as stored.</li>
 *   <li>A work line ({@link WorkRecord}) has {@code "kind":"work"}, then {@link #WORK_FIELDS} in order.</li>
 *   <li>A gap line ({@link GapRecord}) has {@code "kind":"gap"}, then {@link #GAP_FIELDS} in order.</li>
 *   <li>A correction line ({@link CorrectionRecord}) has {@code "kind":"correction"}, then
 *       {@link #CORRECTION_FIELDS} in order.</li>
 *   <li>A seal ({@link SealRecord}) has {@code "kind":"seal"}, then {@link #SEAL_FIELDS} in order, {@code hmac}
 *       last. It ends an application's part of the chain; lines written before seals existed are unchanged.</li>
 *   <li>Any other kind (a later writer's) is read as an {@link OtherKindRecord}: it must hold {@code runId},
 *       {@code sequence} and {@code previousHash}, which is all the chain needs; its other fields are not read.</li>
 * </ul>
 */
public final class LedgerFormat {

    /** The format version this code writes. */
    public static final long VERSION = 1;

    /** The version of a line without a {@link #VERSION_FIELD}: written before the format had versions. */
    public static final long UNVERSIONED = 0;

    /** The field that holds a line's format version; the first field of every line written since version 1. */
    public static final String VERSION_FIELD = "v";

    /** The field that tells a line's kind; absent on energy entries. */
    public static final String KIND_FIELD = "kind";

    /** The {@link #KIND_FIELD} value of a work line. */
    public static final String WORK_KIND = WorkRecord.KIND;

    /** The {@link #KIND_FIELD} value of a seal. */
    public static final String SEAL_KIND = SealRecord.KIND;

    /** An energy line's fields in line order, which is {@link LedgerEntry}'s component order. */
    public static final List<LedgerField> ENERGY_FIELDS = List.of(
            LedgerField.text("applicationId", false),
            LedgerField.text("runId", true),
            LedgerField.integer("sequence"),
            LedgerField.text("executorId", true),
            LedgerField.text("host", false),
            LedgerField.text("device", true),
            LedgerField.text("phase", true),
            LedgerField.text("stage", false),
            LedgerField.text("windowStart", true),
            LedgerField.text("windowEnd", true),
            LedgerField.real("activeJoules"),
            LedgerField.real("idleJoules"),
            LedgerField.text("method", false),
            LedgerField.text("provenance", false),
            LedgerField.realAddedLater("relativeUncertainty"),
            LedgerField.real("pue"),
            LedgerField.text("pueSource", false),
            LedgerField.text("zone", false),
            LedgerField.real("intensityGramsPerKwh"),
            LedgerField.text("intensitySource", false),
            LedgerField.text("intensityTimestamp", false),
            LedgerField.real("marketGramsPerKwh"),
            LedgerField.text("marketSource", false),
            LedgerField.real("locationGrams"),
            LedgerField.real("marketGrams"),
            LedgerField.real("embodiedGrams"),
            LedgerField.text("embodiedSource", false),
            LedgerField.text("previousHash", true));

    /** A work line's fields in line order after {@link #KIND_FIELD}, which is {@link WorkRecord}'s component order. */
    public static final List<LedgerField> WORK_FIELDS = List.of(
            LedgerField.text("applicationId", false),
            LedgerField.text("runId", true),
            LedgerField.integer("sequence"),
            LedgerField.text("phase", true),
            LedgerField.text("unit", true),
            LedgerField.integer("amount"),
            LedgerField.text("recordedAt", true),
            LedgerField.text("previousHash", true));

    /** The {@link #KIND_FIELD} value of a gap line. */
    public static final String GAP_KIND = GapRecord.KIND;

    /** A gap line's fields in line order after {@link #KIND_FIELD}, which is {@link GapRecord}'s component order. */
    public static final List<LedgerField> GAP_FIELDS = List.of(
            LedgerField.text("applicationId", false),
            LedgerField.text("runId", true),
            LedgerField.integer("sequence"),
            LedgerField.text("executorId", true),
            LedgerField.text("host", false),
            LedgerField.integer("firstMissingSample"),
            LedgerField.integer("lastMissingSample"),
            LedgerField.text("windowStart", true),
            LedgerField.text("windowEnd", true),
            LedgerField.text("handling", true),
            LedgerField.text("previousHash", true));

    /** The {@link #KIND_FIELD} value of a correction line. */
    public static final String CORRECTION_KIND = CorrectionRecord.KIND;

    /**
     * A correction line's fields in line order after {@link #KIND_FIELD}, which is {@link CorrectionRecord}'s
     * component order: an energy line's fields with {@code reason} before {@code previousHash}.
     */
    public static final List<LedgerField> CORRECTION_FIELDS = correctionFields();
    /** A seal's fields in line order after {@link #KIND_FIELD}, which is {@link SealRecord}'s component order. */
    public static final List<LedgerField> SEAL_FIELDS = List.of(
            LedgerField.text("applicationId", false),
            LedgerField.text("runId", true),
            LedgerField.integer("sequence"),
            LedgerField.text("reason", true),
            LedgerField.text("sealedAt", true),
            LedgerField.integer("firstSequence"),
            LedgerField.integer("energyEntries"),
            LedgerField.integer("workLines"),
            LedgerField.integer("otherLines"),
            LedgerField.real("joules"),
            LedgerField.real("locationGrams"),
            LedgerField.real("marketGrams"),
            LedgerField.real("embodiedGrams"),
            LedgerField.text("previousHash", true),
            LedgerField.text("hmac", false));

    private LedgerFormat() {
    }

    /** {@link #ENERGY_FIELDS} with {@code reason} inserted before the last field, {@code previousHash}. */
    private static List<LedgerField> correctionFields() {
        List<LedgerField> fields = new java.util.ArrayList<>(ENERGY_FIELDS);
        fields.add(fields.size() - 1, LedgerField.text("reason", true));
        return List.copyOf(fields);
    }

    /** The names of {@code fields}, in order. */
    public static List<String> names(List<LedgerField> fields) {
        return fields.stream().map(LedgerField::name).toList();
    }

    /** The names of the {@link LedgerField#required required} fields among {@code fields}, in order. */
    public static List<String> requiredNames(List<LedgerField> fields) {
        return fields.stream().filter(LedgerField::required).map(LedgerField::name).toList();
    }
}
