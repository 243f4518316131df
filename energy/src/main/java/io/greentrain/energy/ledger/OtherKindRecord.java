package io.greentrain.energy.ledger;

import java.util.Objects;

/**
 * A line of a kind this reader does not know (a newer writer's kind, such as a gap or correction entry), read only
 * as far as the hash chain needs: its run, sequence and previous hash. {@link LedgerVerifier} checks its place in
 * the chain like any other line; its other fields are neither read nor summed. It cannot be written.
 *
 * @param kind          the line's {@code kind}
 * @param applicationId Spark application id, when the line has one as text; otherwise null
 * @param runId         the run
 * @param sequence      position in the run's chain
 * @param previousHash  SHA-256 (hex) of the previous line
 */
public record OtherKindRecord(String kind, String applicationId, String runId, long sequence, String previousHash)
        implements LedgerRecord {

    public OtherKindRecord {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(previousHash, "previousHash");
    }

    /** Unknown: the reader does not interpret the line's fields. */
    @Override
    public String phase() {
        return null;
    }

    /** @throws UnsupportedOperationException always: a line of an unknown kind is only ever read */
    @Override
    public LedgerRecord withChain(long sequence, String previousHash) {
        throw new UnsupportedOperationException("a ledger line of unknown kind '" + kind + "' cannot be written");
    }
}
