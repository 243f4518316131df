package io.greentrain.preprocessing.text.quality;

import static io.greentrain.preprocessing.text.quality.TextDocument.fraction;

import io.greentrain.preprocessing.text.RemovalReason;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * FineWeb's line rules (Penedo et al. 2024, section 3.5; part of DataTrove's {@code FineWebQualityFilter}), checked
 * in this order: {@code line_punctuation} (terminal punctuation includes 。！？ and closing CJK quotes; in unspaced
 * scripts a verse line ending in ，；：、 counts as punctuated too; attribution lines such as {@code -- 論語}
 * ({@link TextDocument#isAttributionLine}) are left out of the share, in unspaced scripts a line of linked verse is
 * judged without the poet named at its end ({@link TextDocument#withoutTrailingAttribution}), and an idiom quoted with
 * its source is exempt: {@link #IDIOM_MAX_CHARS}),
 * {@code short_lines} (spaced scripts only: a line of a poem is short by nature). Fractions are compared strictly: a
 * value equal to its limit passes.
 *
 * @param thresholds the limits; {@link FineWebThresholds#DEFAULTS} for the published ones
 */
public record FineWebQualityFilter(FineWebThresholds thresholds) implements TextFilter {

    private static final Set<RemovalReason> REASONS = Collections.unmodifiableSet(
            EnumSet.of(RemovalReason.LINE_PUNCTUATION, RemovalReason.SHORT_LINES));
    private static final String TERMINAL = ".!?\"'”’。！？…」』）)";
    /**
     * How a line of CJK verse ends when the sentence goes on: a line of a couplet closes with a comma, semicolon or
     * colon ({@code 床前明月光，}), and is as punctuated as its partner ending in 。.
     */
    private static final String VERSE_PAUSES = "，；：、,;:";
    /**
     * The longest idiom quoted without a full stop: a 成語 has four characters, a few have eight. A one-line quotation
     * of at most this many characters with its attribution line ({@code 臥薪嘗膽} / {@code -- 《史記》}) is not held to the
     * line-punctuation share. Ours.
     */
    public static final int IDIOM_MAX_CHARS = 8;

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
        List<String> judged = lines.stream().filter(line -> !TextDocument.isAttributionLine(line)).toList();
        String ends = document.unspaced() ? TERMINAL + VERSE_PAUSES : TERMINAL;
        double punctuated = fraction(judged.stream().filter(line -> endsIn(line, ends) || document.unspaced()
                && endsIn(TextDocument.withoutTrailingAttribution(line), ends)).count(), judged.size());
        boolean quotedIdiom = document.unspaced() && judged.size() == 1 && judged.size() < lines.size()
                && TextDocument.unspacedWords(judged.get(0)).size() <= IDIOM_MAX_CHARS;
        if (punctuated < t.minLinePunctuationFraction() && !quotedIdiom) {
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

    private static boolean endsIn(String line, String ends) {
        return !line.isEmpty() && ends.indexOf(line.charAt(line.length() - 1)) >= 0;
    }
}
