package io.greentrain.energy.report;

import io.greentrain.energy.ledger.RunVerification;
import java.util.List;

/**
 * What the report knows of a run beside its figures: what the run was, whether its ledger verified, and how its
 * estimated energy was estimated.
 *
 * @param metadata        the run's {@code summary.json} beside its ledger ({@link RunMetadata}), or null when there is
 *                        none (any Spark application other than greentrain's jobs)
 * @param verification    the hash chain's verification of the run, or null when the run was not verified
 * @param estimateSources the models behind its estimated energy ({@link LedgerAggregates#estimateSources}); empty when
 *                        all its energy was measured
 * @param levers          the comparison of training settings beside its ledger ({@link LeversComparison}), or null
 *                        when there is none
 */
record RunDescription(RunMetadata metadata, RunVerification verification, List<String> estimateSources,
                      LeversComparison levers) {

    RunDescription {
        estimateSources = List.copyOf(estimateSources);
    }

    /** A run without a comparison of training settings. */
    RunDescription(RunMetadata metadata, RunVerification verification, List<String> estimateSources) {
        this(metadata, verification, estimateSources, null);
    }

    /** Nothing known beyond the figures. */
    static final RunDescription NONE = new RunDescription(null, null, List.of());
}
