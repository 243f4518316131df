package io.greentrain.energy.report;

/**
 * A ledger given to {@link LedgerReport#write(org.apache.spark.sql.SparkSession, java.util.List, String, boolean)}
 * has a broken hash chain, and the caller did not allow a report on it. The message is one line naming the ledger
 * and its first bad entry.
 */
public final class BrokenLedgerException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public BrokenLedgerException(String message) {
        super(message);
    }
}
