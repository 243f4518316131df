package io.greentrain.energy.ledger;

import java.util.List;
import java.util.Optional;

/**
 * What {@link LedgerVerifier#verifyAll()} found in every run of a ledger.
 *
 * @param runs one result per run, in run id order
 */
public record LedgerVerification(List<RunVerification> runs) {

    public LedgerVerification {
        runs = List.copyOf(runs);
    }

    /** Whether every run is intact (also true for a ledger without runs). */
    public boolean ok() {
        return runs.stream().allMatch(RunVerification::ok);
    }

    /** The first run, in run id order, whose chain is broken. */
    public Optional<RunVerification> firstFailure() {
        return runs.stream().filter(run -> !run.ok()).findFirst();
    }

    /** One line: the first broken run's {@link RunVerification#describe()}, or a summary when all are intact. */
    public String describe() {
        return firstFailure().map(RunVerification::describe).orElseGet(() -> "ledger intact: " + runs.size()
                + " runs, " + runs.stream().mapToLong(RunVerification::entries).sum() + " entries");
    }
}
