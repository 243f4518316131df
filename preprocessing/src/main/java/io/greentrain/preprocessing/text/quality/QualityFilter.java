package io.greentrain.preprocessing.text.quality;

import io.greentrain.preprocessing.text.RemovalReason;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The document quality filters, checked in the order of {@link RemovalReason} (first failure wins). What applies to
 * which {@link ScriptClass}:
 * <table>
 *   <caption>filters per script class</caption>
 *   <tr><th>reason</th><th>spaced (words = whitespace tokens)</th><th>unspaced (words = letters of Han, kana,
 *       Thai...; other runs one word; punctuation-only tokens not counted)</th></tr>
 *   <tr><td>empty</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>too_few_words / too_many_words</td><td>minWords..maxWords words</td><td>unspacedMinChars..unspacedMaxChars
 *       words</td></tr>
 *   <tr><td>mean_word_length</td><td>yes (punctuation stripped from word ends)</td><td>no</td></tr>
 *   <tr><td>symbol_ratio, bullet_lines, ellipsis_lines, alpha_words</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>stop_words</td><td>yes (English list)</td><td>no</td></tr>
 *   <tr><td>lorem_ipsum, curly_bracket</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>duplicate_lines/_line_chars/_paragraphs/_paragraph_chars</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>top_ngram_2..4, dup_ngram_5..10</td><td>word n-grams</td><td>character n-grams</td></tr>
 *   <tr><td>line_punctuation</td><td>yes</td><td>yes (。！？ count)</td></tr>
 *   <tr><td>short_lines</td><td>yes</td><td>no (a line of a poem is short by nature)</td></tr>
 * </table>
 * Fractions are compared strictly: a value equal to its limit passes. Thread-safe.
 */
public final class QualityFilter implements Serializable {

    private static final Set<String> BULLETS = Set.of("•", "-", "*", "‣", "◦", "▪", "●", "○", "·");
    private static final String TERMINAL = ".!?\"'”’。！？…」』）)";

    private final QualityThresholds t;

    public QualityFilter(QualityThresholds thresholds) {
        this.t = thresholds;
    }

    /** The verdict on a normalised text. */
    public QualityVerdict evaluate(String text) {
        if (text == null || text.isBlank()) {
            return new QualityVerdict(ScriptClass.SPACED, RemovalReason.EMPTY, "no text after normalisation");
        }
        ScriptClass script = ScriptClass.of(text, t.unspacedScriptShare());
        boolean unspaced = script == ScriptClass.UNSPACED;
        List<String> words = unspaced ? unspacedWords(text) : spacedWords(text);
        String failure;
        RemovalReason reason;
        int n = words.size();
        int min = unspaced ? t.unspacedMinChars() : t.minWords();
        int max = unspaced ? t.unspacedMaxChars() : t.maxWords();
        String unit = unspaced ? "unspaced words" : "words";
        if (n < min) {
            return new QualityVerdict(script, RemovalReason.TOO_FEW_WORDS, unit + " " + n + " < " + min);
        }
        if (n > max) {
            return new QualityVerdict(script, RemovalReason.TOO_MANY_WORDS, unit + " " + n + " > " + max);
        }
        if (!unspaced) {
            double mean = meanWordLength(words);
            if (mean < t.minMeanWordLength() || mean > t.maxMeanWordLength()) {
                return new QualityVerdict(script, RemovalReason.MEAN_WORD_LENGTH, String.format(Locale.ROOT,
                        "mean word length %.2f outside [%s, %s]", mean, t.minMeanWordLength(), t.maxMeanWordLength()));
            }
        }
        double hashes = (double) count(text, "#") / n;
        double ellipses = (double) (count(text, "...") + count(text, "…")) / n;
        if (hashes > t.maxSymbolWordRatio() || ellipses > t.maxSymbolWordRatio()) {
            return new QualityVerdict(script, RemovalReason.SYMBOL_RATIO, String.format(Locale.ROOT,
                    "%s per word %.3f > %s", hashes >= ellipses ? "hash" : "ellipsis", Math.max(hashes, ellipses),
                    t.maxSymbolWordRatio()));
        }
        List<String> lines = nonBlankLines(text);
        double bullets = fraction(lines.stream().filter(l -> BULLETS.stream().anyMatch(l::startsWith)).count(),
                lines.size());
        if (bullets > t.maxBulletLineFraction()) {
            return fail(script, RemovalReason.BULLET_LINES, "lines starting with a bullet", bullets,
                    ">", t.maxBulletLineFraction());
        }
        double ellipsisLines = fraction(lines.stream().filter(l -> l.endsWith("...") || l.endsWith("…")).count(),
                lines.size());
        if (ellipsisLines > t.maxEllipsisLineFraction()) {
            return fail(script, RemovalReason.ELLIPSIS_LINES, "lines ending in an ellipsis", ellipsisLines,
                    ">", t.maxEllipsisLineFraction());
        }
        double alpha = fraction(words.stream().filter(QualityFilter::hasLetter).count(), n);
        if (alpha < t.minAlphaWordFraction()) {
            return fail(script, RemovalReason.ALPHA_WORDS, "words with a letter", alpha, "<", t.minAlphaWordFraction());
        }
        if (!unspaced && t.minStopWords() > 0) {
            long stops = words.stream().map(w -> stripPunctuation(w).toLowerCase(Locale.ROOT))
                    .filter(t.stopWords()::contains).count();
            if (stops < t.minStopWords()) {
                return new QualityVerdict(script, RemovalReason.STOP_WORDS,
                        "stop words " + stops + " < " + t.minStopWords());
            }
        }
        if (t.rejectLoremIpsum() && text.toLowerCase(Locale.ROOT).contains("lorem ipsum")) {
            return new QualityVerdict(script, RemovalReason.LOREM_IPSUM, "contains \"lorem ipsum\"");
        }
        if (t.rejectCurlyBracket() && text.indexOf('{') >= 0) {
            return new QualityVerdict(script, RemovalReason.CURLY_BRACKET, "contains \"{\"");
        }
        failure = repetition(script, lines, t.maxDuplicateLineFraction(), t.maxDuplicateLineCharFraction(),
                "lines", RemovalReason.DUPLICATE_LINES, RemovalReason.DUPLICATE_LINE_CHARS);
        if (failure != null) {
            return verdictOf(script, failure);
        }
        failure = repetition(script, paragraphs(text), t.maxDuplicateParagraphFraction(),
                t.maxDuplicateParagraphCharFraction(), "paragraphs", RemovalReason.DUPLICATE_PARAGRAPHS,
                RemovalReason.DUPLICATE_PARAGRAPH_CHARS);
        if (failure != null) {
            return verdictOf(script, failure);
        }
        long wordChars = words.stream().mapToLong(String::length).sum();
        for (int g = 2; g <= 4; g++) {
            double top = topNgramCharFraction(words, g, wordChars);
            double limit = t.maxTopNgramCharFraction().get(g - 2);
            if (top > limit) {
                return fail(script, RemovalReason.valueOf("TOP_NGRAM_" + g), "characters in the top " + g + "-gram",
                        top, ">", limit);
            }
        }
        for (int g = 5; g <= 10; g++) {
            double dup = duplicateNgramCharFraction(words, g, wordChars);
            double limit = t.maxDuplicateNgramCharFraction().get(g - 5);
            if (dup > limit) {
                return fail(script, RemovalReason.valueOf("DUP_NGRAM_" + g), "characters in duplicated " + g
                        + "-grams", dup, ">", limit);
            }
        }
        double punctuated = fraction(lines.stream().filter(QualityFilter::endsInTerminal).count(), lines.size());
        if (punctuated < t.minLinePunctuationFraction()) {
            return fail(script, RemovalReason.LINE_PUNCTUATION, "lines ending in punctuation", punctuated, "<",
                    t.minLinePunctuationFraction());
        }
        if (!unspaced) {
            double shortLines = fraction(lines.stream().filter(l -> l.length() <= t.shortLineChars()).count(),
                    lines.size());
            if (shortLines > t.maxShortLineFraction()) {
                return fail(script, RemovalReason.SHORT_LINES, "lines of at most " + t.shortLineChars()
                        + " characters", shortLines, ">", t.maxShortLineFraction());
            }
        }
        return new QualityVerdict(script, null, null);
    }

    /** Whitespace-separated tokens. */
    public static List<String> spacedWords(String text) {
        List<String> words = new ArrayList<>();
        for (String token : text.split("\\s+")) {
            if (!token.isEmpty()) {
                words.add(token);
            }
        }
        return words;
    }

    /** Each unspaced-script letter is a word; other runs between spaces are words; punctuation-only runs are not. */
    public static List<String> unspacedWords(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (ScriptClass.isUnspacedLetter(cp) || Character.isWhitespace(cp)) {
                flush(run, words);
                if (!Character.isWhitespace(cp)) {
                    words.add(new String(Character.toChars(cp)));
                }
            } else {
                run.appendCodePoint(cp);
            }
        }
        flush(run, words);
        return words;
    }

    private static void flush(StringBuilder run, List<String> words) {
        if (run.length() > 0 && !stripPunctuation(run.toString()).isEmpty()) {
            words.add(run.toString());
        }
        run.setLength(0);
    }

    private String repetition(ScriptClass script, List<String> units, double maxFraction, double maxCharFraction,
                              String what, RemovalReason byCount, RemovalReason byChars) {
        if (units.size() < 2) {
            return null;
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
            return byCount.name() + "|" + detail("duplicate " + what, byCountValue, ">", maxFraction);
        }
        double byCharsValue = fraction(duplicateChars, chars);
        if (byCharsValue > maxCharFraction) {
            return byChars.name() + "|" + detail("characters in duplicate " + what, byCharsValue, ">",
                    maxCharFraction);
        }
        return null;
    }

    private static QualityVerdict verdictOf(ScriptClass script, String failure) {
        int bar = failure.indexOf('|');
        return new QualityVerdict(script, RemovalReason.valueOf(failure.substring(0, bar)), failure.substring(bar + 1));
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

    private static double meanWordLength(List<String> words) {
        long chars = 0;
        long counted = 0;
        for (String word : words) {
            String core = stripPunctuation(word);
            if (!core.isEmpty()) {
                chars += core.codePointCount(0, core.length());
                counted++;
            }
        }
        return counted == 0 ? 0 : (double) chars / counted;
    }

    static String stripPunctuation(String word) {
        int start = 0;
        int end = word.length();
        while (start < end && isPunctuation(word.charAt(start))) {
            start++;
        }
        while (end > start && isPunctuation(word.charAt(end - 1))) {
            end--;
        }
        return word.substring(start, end);
    }

    private static boolean isPunctuation(char c) {
        int type = Character.getType(c);
        return type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                || type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION
                || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION
                || type == Character.OTHER_PUNCTUATION || type == Character.MATH_SYMBOL
                || type == Character.CURRENCY_SYMBOL || type == Character.MODIFIER_SYMBOL
                || type == Character.OTHER_SYMBOL;
    }

    private static boolean hasLetter(String word) {
        return word.codePoints().anyMatch(Character::isLetter);
    }

    private static boolean endsInTerminal(String line) {
        return !line.isEmpty() && TERMINAL.indexOf(line.charAt(line.length() - 1)) >= 0;
    }

    private static List<String> nonBlankLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            String stripped = line.strip();
            if (!stripped.isEmpty()) {
                lines.add(stripped);
            }
        }
        return lines;
    }

    private static List<String> paragraphs(String text) {
        List<String> paragraphs = new ArrayList<>();
        for (String paragraph : text.split("\n\\s*\n")) {
            String stripped = paragraph.strip();
            if (!stripped.isEmpty()) {
                paragraphs.add(stripped);
            }
        }
        return paragraphs;
    }

    private static long count(String text, String needle) {
        long count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            count++;
        }
        return count;
    }

    private static double fraction(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private static QualityVerdict fail(ScriptClass script, RemovalReason reason, String what, double value, String op,
                                       double limit) {
        return new QualityVerdict(script, reason, detail(what, value, op, limit));
    }

    private static String detail(String what, double value, String op, double limit) {
        return String.format(Locale.ROOT, "%s %.3f %s %s", what, value, op, limit);
    }
}
