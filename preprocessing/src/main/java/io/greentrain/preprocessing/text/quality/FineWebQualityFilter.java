package io.greentrain.preprocessing.text.quality;

import static io.greentrain.preprocessing.text.quality.TextDocument.fraction;

import io.greentrain.preprocessing.text.RemovalReason;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * FineWeb's line rules (Penedo et al. 2024, section 3.5; part of DataTrove's {@code FineWebQualityFilter}), checked
 * in this order: {@code line_punctuation} (terminal punctuation includes 。！？ and closing CJK quotes),
 * {@code short_lines} (spaced scripts only: a line of a poem is short by nature). Fractions are compared strictly: a
 * value equal to its limit passes.
 *
 * @param thresholds the limits; {@link FineWebThresholds#DEFAULTS} for the published ones
 */
public record FineWebQualityFilter(FineWebThresholds thresholds) implements TextFilter {

    private static final Set<RemovalReason> REASONS = Collections.unmodifiableSet(
            EnumSet.of(RemovalReason.LINE_PUNCTUATION, RemovalReason.SHORT_LINES));
    private static final String TERMINAL = ".!?\"'”’。！？…」』）)";

    /** The filter with the published thresholds. */
    public static FineWebQualityFilter defaults() {
        return new FineWebQualityFilter(FineWebThresholds.DEFAULTS);
    }

    @Override
    public String name() {
        return "fineweb";
    }

    @Override
    public Set<RemovalReason> reasons() {
        return REASONS;
    }

    @Override
    public FilterResult check(TextDocument document) {
        FineWebThresholds t = thresholds;
        List<String> lines = document.lines();
        double punctuated = fraction(lines.stream().filter(FineWebQualityFilter::endsInTerminal).count(),
                lines.size());
        if (punctuated < t.minLinePunctuationFraction()) {
            return FilterResult.drop(RemovalReason.LINE_PUNCTUATION, "lines ending in punctuation", punctuated, "<",
                    t.minLinePunctuationFraction());
        }
        if (!document.unspaced()) {
            double shortLines = fraction(lines.stream().filter(l -> l.length() <= t.shortLineChars()).count(),
                    lines.size());
            if (shortLines > t.maxShortLineFraction()) {
                return FilterResult.drop(RemovalReason.SHORT_LINES, "lines of at most " + t.shortLineChars()
                        + " characters", shortLines, ">", t.maxShortLineFraction());
            }
        }
        return FilterResult.KEEP;
    }

    private static boolean endsInTerminal(String line) {
        return !line.isEmpty() && TERMINAL.indexOf(line.charAt(line.length() - 1)) >= 0;
    }
}
