package io.greentrain.jobs.text;

import io.greentrain.preprocessing.text.TextCleaningReport;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Makes a text cleaning that keeps (almost) nothing loud instead of a quiet success: a corpus read in the wrong format
 * or measured by rules that do not fit its language loses every document to one or two reasons, and the job would
 * otherwise exit 0 with nothing to train on.
 *
 * @param warnBelow a kept share below this gives a warning ({@code greentrain.text.warn-kept-fraction}); 0 never
 * @param failBelow a kept share below this fails the step ({@code greentrain.text.min-kept-fraction}); 0 never
 */
public record KeptShareCheck(double warnBelow, double failBelow) {

    /** A warning below 1% kept: a corpus that loses 99% of its documents is almost surely read or judged wrongly. */
    public static final double WARN_BELOW_DEFAULT = 0.01;
    /** Never fail by default: a run keeps its outputs so that the removed documents can be looked at. */
    public static final double FAIL_BELOW_DEFAULT = 0;

    /** How many removal reasons the message names, largest first. */
    static final int REASONS_NAMED = 3;

    /**
     * The warning for {@code report} when it kept under {@link #warnBelow} of its documents (a run that read no
     * document keeps none of them, and is warned about too).
     */
    public Optional<String> warning(TextCleaningReport report) {
        return keptShare(report) < warnBelow ? Optional.of(describe(report, warnBelow, "warn-kept-fraction"))
                : Optional.empty();
    }

    /**
     * Fails when {@code report} kept under {@link #failBelow} of its documents.
     *
     * @throws IllegalArgumentException (exit code 2: the input does not suit the configuration) naming the share kept,
     *                                  the key and the top removal reasons
     */
    public void requireEnoughKept(TextCleaningReport report) {
        if (keptShare(report) < failBelow) {
            throw new IllegalArgumentException(describe(report, failBelow, "min-kept-fraction"));
        }
    }

    /** The share of documents kept; 0 when none was read. */
    static double keptShare(TextCleaningReport report) {
        return report.docsIn() == 0 ? 0 : (double) report.docsKept() / report.docsIn();
    }

    private static String describe(TextCleaningReport report, double threshold, String key) {
        List<Map.Entry<String, Long>> top = report.removedByReason().entrySet().stream()
                .filter(reason -> reason.getValue() > 0)
                .sorted(Comparator.comparing(Map.Entry<String, Long>::getValue).reversed())
                .limit(REASONS_NAMED)
                .toList();
        String reasons = top.isEmpty() ? "none" : top.stream()
                .map(reason -> reason.getKey() + " " + reason.getValue()).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "text-clean kept %d of %d documents (%.2f%%), under "
                        + "greentrain.text.%s = %s; top removal reasons: %s. Check greentrain.text.format and "
                        + "record-separator, and the quality thresholds (docs/text-cleaning.md)",
                report.docsKept(), report.docsIn(), 100 * keptShare(report), key, threshold, reasons);
    }
}
