package io.greentrain.preprocessing.text.quality;

import static io.greentrain.preprocessing.text.quality.TextDocument.fraction;

import io.greentrain.preprocessing.text.RemovalReason;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gopher's repetition rules (Rae et al. 2021, appendix A.1.1, table A1; DataTrove's {@code GopherRepetitionFilter}),
 * checked in this order: {@code duplicate_lines}, {@code duplicate_line_chars}, {@code duplicate_paragraphs},
 * {@code duplicate_paragraph_chars}, {@code top_ngram_2}..{@code _4}, {@code dup_ngram_5}..{@code _10}. The n-grams
 * are of the document's words, so of characters for unspaced scripts, which have their own n-gram limits. Fractions are compared strictly: a value equal
 * to its limit passes.
 *
 * @param thresholds the limits; {@link GopherRepetitionThresholds#DEFAULTS} for the published ones
 */
public record GopherRepetitionFilter(GopherRepetitionThresholds thresholds) implements TextFilter {

    private static final Set<RemovalReason> REASONS = Collections.unmodifiableSet(
            EnumSet.range(RemovalReason.DUPLICATE_LINES, RemovalReason.DUP_NGRAM_10));

    /** The filter with the published thresholds. */
    public static GopherRepetitionFilter defaults() {
        return new GopherRepetitionFilter(GopherRepetitionThresholds.DEFAULTS);
    }

    @Override
    public String name() {
        return "gopher_repetition";
    }

    @Override
    public Set<RemovalReason> reasons() {
        return REASONS;
    }

    @Override
    public FilterResult check(TextDocument document) {
        GopherRepetitionThresholds t = thresholds;
        FilterResult result = repetition(document.lines(), t.maxDuplicateLineFraction(),
                t.maxDuplicateLineCharFraction(), "lines", RemovalReason.DUPLICATE_LINES,
                RemovalReason.DUPLICATE_LINE_CHARS);
        if (!result.kept()) {
            return result;
        }
        result = repetition(document.paragraphs(), t.maxDuplicateParagraphFraction(),
                t.maxDuplicateParagraphCharFraction(), "paragraphs", RemovalReason.DUPLICATE_PARAGRAPHS,
                RemovalReason.DUPLICATE_PARAGRAPH_CHARS);
        if (!result.kept()) {
            return result;
        }
        List<String> words = document.words();
        long wordChars = document.wordChars();
        for (int g = 2; g <= 4; g++) {
            double top = topNgramCharFraction(words, g, wordChars);
            double limit = (document.unspaced() ? t.unspacedMaxTopNgramCharFraction() : t.maxTopNgramCharFraction())
                    .get(g - 2);
            if (top > limit) {
                return FilterResult.drop(RemovalReason.valueOf("TOP_NGRAM_" + g),
                        "characters in the top " + g + "-gram", top, ">", limit);
            }
        }
        for (int g = 5; g <= 10; g++) {
            double dup = duplicateNgramCharFraction(words, g, wordChars);
            double limit = (document.unspaced() ? t.unspacedMaxDuplicateNgramCharFraction()
                    : t.maxDuplicateNgramCharFraction()).get(g - 5);
            if (dup > limit) {
                return FilterResult.drop(RemovalReason.valueOf("DUP_NGRAM_" + g),
                        "characters in duplicated " + g + "-grams", dup, ">", limit);
            }
        }
        return FilterResult.KEEP;
    }

    private static FilterResult repetition(List<String> units, double maxFraction, double maxCharFraction,
                                           String what, RemovalReason byCount, RemovalReason byChars) {
        if (units.size() < 2) {
            return FilterResult.KEEP;
        }
        Set<String> seen = new HashSet<>();
        long duplicates = 0;
        long duplicateChars = 0;
        long chars = 0;
        for (String unit : units) {
            chars += unit.length();
            if (!seen.add(unit)) {
                duplicates++;
                duplicateChars += unit.length();
            }
        }
        double byCountValue = fraction(duplicates, units.size());
        if (byCountValue > maxFraction) {
            return FilterResult.drop(byCount, "duplicate " + what, byCountValue, ">", maxFraction);
        }
        double byCharsValue = fraction(duplicateChars, chars);
        if (byCharsValue > maxCharFraction) {
            return FilterResult.drop(byChars, "characters in duplicate " + what, byCharsValue, ">", maxCharFraction);
        }
        return FilterResult.KEEP;
    }

    /** Characters of the most frequent n-gram (times its count, when it occurs more than once) over word chars. */
    static double topNgramCharFraction(List<String> words, int n, long wordChars) {
        if (words.size() < n || wordChars == 0) {
            return 0;
        }
        Map<String, Integer> counts = new HashMap<>();
        String best = null;
        int bestCount = 0;
        int bestChars = 0;
        for (int i = 0; i + n <= words.size(); i++) {
            String key = String.join("\u0001", words.subList(i, i + n));
            int c = counts.merge(key, 1, Integer::sum);
            int keyChars = key.length() - (n - 1);
            if (c > bestCount || (c == bestCount && keyChars > bestChars)) {
                best = key;
                bestCount = c;
                bestChars = keyChars;
            }
        }
        return best == null || bestCount < 2 ? 0 : (double) bestCount * bestChars / wordChars;
    }

    /** Characters of words covered by a repeated occurrence of an n-gram (overlaps counted once) over word chars. */
    static double duplicateNgramCharFraction(List<String> words, int n, long wordChars) {
        if (words.size() < n || wordChars == 0) {
            return 0;
        }
        Set<String> seen = new HashSet<>();
        boolean[] covered = new boolean[words.size()];
        for (int i = 0; i + n <= words.size(); i++) {
            if (!seen.add(String.join("\u0001", words.subList(i, i + n)))) {
                for (int j = i; j < i + n; j++) {
                    covered[j] = true;
                }
            }
        }
        long chars = 0;
        for (int i = 0; i < covered.length; i++) {
            if (covered[i]) {
                chars += words.get(i).length();
            }
        }
        return (double) chars / wordChars;
    }
}
