package io.greentrain.energy.report;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which engine computes a ledger report; both write the same outputs ({@link LedgerReport}).
 *
 * <ul>
 *   <li>{@link #LOCAL}: plain Java in the calling JVM ({@link LedgerReport#writeLocal}), no Spark session: the report
 *       of the Ames example (a few megabytes of JSON Lines) takes 7 s of CPU, JVM start included, against 54 s for
 *       Spark's planning of its 28 small jobs ({@code scripts/bench/report-cost.sh}). It holds the lines in
 *       memory.</li>
 *   <li>{@link #SPARK}: a Spark session ({@link LedgerReport#write}), for ledgers too large for one JVM's memory.</li>
 *   <li>{@link #AUTO}, the default: {@link #LOCAL} for segments of at most {@link #LOCAL_LIMIT_BYTES} in all,
 *       {@link #SPARK} above.</li>
 * </ul>
 */
public enum ReportEngine {
    AUTO,
    LOCAL,
    SPARK;

    /**
     * The most segment bytes {@link #AUTO} reports on without Spark: 64 MiB, about a hundred thousand energy lines,
     * a few hundred megabytes of heap while the report is computed.
     */
    public static final long LOCAL_LIMIT_BYTES = 64L << 20;

    /** What {@code --engine} is given as: {@code auto}, {@code local} or {@code spark}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The engine {@code code} names.
     *
     * @throws IllegalArgumentException naming the value and the choices, when it names none
     */
    public static ReportEngine of(String code) {
        return Arrays.stream(values()).filter(engine -> engine.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--engine must be auto, local or spark, not '"
                        + code + "'"));
    }

    /** This engine for segments of {@code segmentBytes} in all: {@link #AUTO} resolved, the others as they are. */
    public ReportEngine resolve(long segmentBytes) {
        if (this != AUTO) {
            return this;
        }
        return segmentBytes <= LOCAL_LIMIT_BYTES ? LOCAL : SPARK;
    }
}
