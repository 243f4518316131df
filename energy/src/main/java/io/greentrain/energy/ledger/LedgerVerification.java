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

    /** Whether every run is intact and sealed (false for a ledger without runs). */
    public boolean allSealed() {
        return !runs.isEmpty() && runs.stream().allMatch(RunVerification::sealed);
    }

    /**
     * One line: the first broken run's {@link RunVerification#describe()}, or a summary when all are intact, which
     * says how many runs are sealed, unsealed (listed by id) and empty.
     */
    public String describe() {
        return firstFailure().map(RunVerification::describe).orElseGet(() -> {
            StringBuilder text = new StringBuilder("ledger intact: ").append(runs.size()).append(" runs, ")
                    .append(runs.stream().mapToLong(RunVerification::entries).sum()).append(" entries; ");
            for (RunVerification.Status status : List.of(RunVerification.Status.SEALED,
                    RunVerification.Status.UNSEALED, RunVerification.Status.EMPTY)) {
                List<String> ids = runs.stream().filter(run -> run.status() == status).map(RunVerification::runId)
                        .toList();
                if (status == RunVerification.Status.SEALED) {
                    text.append(ids.size()).append(" sealed");
                } else if (!ids.isEmpty()) {
                    text.append(", ").append(ids.size()).append(' ').append(status.code()).append(" (")
                            .append(String.join(", ", ids)).append(')');
                }
            }
            return text.toString();
        });
    }
}
