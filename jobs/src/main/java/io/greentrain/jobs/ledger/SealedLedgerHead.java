package io.greentrain.jobs.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.energy.config.UriRedaction;
import io.greentrain.energy.ledger.LedgerVerifier;
import io.greentrain.energy.ledger.RunVerification;
import io.greentrain.formats.JsonFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Records the carbon ledger's head hash in {@code summary.json} once the job's Spark application has stopped, and
 * prints it: only then has the energy plugin written the run's seal, the line whose hash is the head a later
 * {@code ledger verify} must find. Keys added to the {@code carbon} section: {@code ledgerHeadHash},
 * {@code ledgerStatus} ({@code sealed}, {@code unsealed}, {@code empty} or {@code broken}) and {@code ledgerLines}.
 * Comparing them with a later verification shows a truncation that the chain alone cannot.
 */
public final class SealedLedgerHead {

    private SealedLedgerHead() {
    }

    /**
     * Verifies run {@code runId} of the ledger at {@code ledgerPath}, adds its head hash and status to the
     * {@code carbon} section of the summary at {@code summaryPath}, and prints one line on {@code out}. Does nothing
     * when there is no summary or it has no carbon section (no energy plugin); a ledger that cannot be read is one
     * line on {@code out}, never an exception.
     *
     * @return the run's verification, when there was a ledger to verify
     */
    public static Optional<RunVerification> record(String summaryPath, String ledgerPath, String runId,
                                                   Configuration conf, PrintStream out) {
        ObjectNode summary;
        try {
            summary = JsonFiles.readObjectIfExists(summaryPath, conf);
        } catch (RuntimeException e) {
            out.println("  ledger    head not recorded: cannot read " + UriRedaction.redact(summaryPath) + ": "
                    + UriRedaction.redact(e.getMessage()));
            return Optional.empty();
        }
        JsonNode carbon = summary.path("carbon");
        if (!(carbon instanceof ObjectNode section) || ledgerPath.isEmpty()) {
            return Optional.empty();
        }
        Path ledger = new Path(ledgerPath);
        RunVerification verified;
        try {
            verified = new LedgerVerifier(ledger.getFileSystem(conf), ledger).verify(runId);
        } catch (IOException e) {
            out.println("  ledger    head not recorded: cannot read run " + runId + " of "
                    + UriRedaction.redact(ledgerPath) + ": " + UriRedaction.redact(e.getMessage()));
            return Optional.empty();
        }
        section.put("ledgerHeadHash", verified.headHash());
        section.put("ledgerStatus", verified.status().code());
        section.put("ledgerLines", verified.entries());
        JsonFiles.write(summary, summaryPath, conf);
        out.println("  ledger    head " + verified.headHash() + " (" + switch (verified.status()) {
            case SEALED -> "sealed, " + verified.seal().reason();
            case BROKEN -> "broken: " + verified.problem().describe();
            default -> verified.status().description();
        } + ")");
        return Optional.of(verified);
    }
}
