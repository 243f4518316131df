package io.greentrain.preprocessing.text.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One normalised, non-blank document as the {@link TextFilter}s see it: its text, its {@link ScriptUnits units},
 * {@link ScriptClass} and words, with its non-blank lines and paragraphs split on first use, so that every filter in a
 * chain measures the same units and each is computed once per document.
 *
 * <p>Words: for {@link ScriptClass#UNSPACED} text every letter of an unspaced script is a word, other runs between
 * spaces are one word each and punctuation-only runs are none ({@link #unspacedWords}). For {@link ScriptClass#SPACED}
 * text, whitespace tokens, except that a token holding letters of unspaced scripts is split as unspaced text is
 * ({@link #spacedWords}): a Chinese phrase quoted in English prose is several words, not one long one. The rules
 * written for words between spaces (mean word length, English stop words) measure only the {@link #spacedPart}.
 *
 * <p>Lives on one executor thread for one document: not thread-safe, not serializable.
 */
public final class TextDocument {

    /** The longest source an attribution line names: a name and a title, in CJK or Latin letters. Ours. */
    public static final int ATTRIBUTION_MAX_CHARS = 40;

    private static final Pattern ATTRIBUTION = Pattern.compile(
            "(?:--|—{1,2}|―{1,2}|－{2}|─{2})\\s*[^\\s\\-—―－─].{0," + (ATTRIBUTION_MAX_CHARS - 1) + "}");

    /** A line, then an attribution at its end: group 1 is the line without it. */
    private static final Pattern TRAILING_ATTRIBUTION = Pattern.compile("(.*[^\\s\\-—―－─])\\s*"
            + "(?:--|—{1,2}|―{1,2}|－{2}|─{2})\\s*[^\\s\\-—―－─][^\\-—―－─]{0," + (ATTRIBUTION_MAX_CHARS - 1) + "}");

    private final String text;
    private final ScriptUnits units;
    private final ScriptClass script;
    private final List<String> words;
    private List<String> spacedPart;
    private List<String> lines;
    private List<String> paragraphs;
    private long wordChars = -1;
    private int lengthWords = -1;

    private TextDocument(String text, ScriptUnits units, double unspacedScriptShare) {
        this.text = text;
        this.units = units;
        this.script = ScriptClass.of(units, unspacedScriptShare);
        this.words = words(text, script);
    }

    /**
     * The document of {@code text}, classified with {@link ScriptClass#of(String, double)}.
     *
     * @throws IllegalArgumentException when {@code text} is null or blank: an empty document is removed before any
     *                                  filter runs
     */
    public static TextDocument of(String text, double unspacedScriptShare) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a filtered document needs text; blank documents are removed as empty");
        }
        return new TextDocument(text, ScriptUnits.of(text), unspacedScriptShare);
    }

    public String text() {
        return text;
    }

    /** The document's units by script, from which its class was decided. */
    public ScriptUnits units() {
        return units;
    }

    public ScriptClass script() {
        return script;
    }

    public boolean unspaced() {
        return script == ScriptClass.UNSPACED;
    }

    /** The words for the document's script class, in order; unmodifiable. */
    public List<String> words() {
        return words;
    }

    /**
     * The words that are not letters of an unspaced script, in order; unmodifiable. For text without such letters,
     * all words.
     */
    public List<String> spacedPart() {
        if (spacedPart == null) {
            spacedPart = units.unspacedLetters() == 0 ? words
                    : words.stream().filter(w -> !ScriptClass.isUnspacedLetter(w.codePointAt(0))).toList();
        }
        return spacedPart;
    }

    /** The sum of the words' lengths in UTF-16 units: the denominator of the n-gram rules. */
    public long wordChars() {
        if (wordChars < 0) {
            wordChars = words.stream().mapToLong(String::length).sum();
        }
        return wordChars;
    }

    /**
     * The number of words the length rules count: for unspaced text the words outside {@link #isAttributionLine
     * attribution lines} (a four-character saying does not grow by the name of its source); for spaced text all.
     */
    public int lengthWords() {
        if (lengthWords < 0) {
            int attributed = 0;
            if (unspaced()) {
                for (String line : lines()) {
                    attributed += isAttributionLine(line) ? unspacedWords(line).size() : 0;
                }
            }
            lengthWords = words.size() - attributed;
        }
        return lengthWords;
    }

    /**
     * True when {@code line} (stripped) names the source of a quotation above it: a double dash or a dash of
     * quotations ({@code --}, {@code —}, {@code ——}, {@code ―}, {@code －－}, {@code ──}) followed by at most
     * {@link #ATTRIBUTION_MAX_CHARS} characters of text, as in {@code -- 論語} or {@code —— 李白《將進酒》}. A single
     * hyphen is not one: it starts list items.
     */
    public static boolean isAttributionLine(String line) {
        return ATTRIBUTION.matcher(line).matches();
    }

    /**
     * {@code line} without an attribution at its end: in linked verse each line names its poet after a dash
     * ({@code 絕域降附天下平，——李世民}), and the line ends where the verse does. A line that is an attribution, or has
     * none, is returned as it is.
     */
    public static String withoutTrailingAttribution(String line) {
        Matcher matcher = TRAILING_ATTRIBUTION.matcher(line);
        return matcher.matches() ? matcher.group(1) : line;
    }

    /** The non-blank lines, stripped; unmodifiable. */
    public List<String> lines() {
        if (lines == null) {
            lines = nonBlankParts(text.split("\n"));
        }
        return lines;
    }

    /** The paragraphs (separated by blank lines), stripped; unmodifiable. */
    public List<String> paragraphs() {
        if (paragraphs == null) {
            paragraphs = nonBlankParts(text.split("\n\\s*\n"));
        }
        return paragraphs;
    }

    /** The words of {@code text} for {@code script}: {@link #spacedWords} or {@link #unspacedWords}. */
    public static List<String> words(String text, ScriptClass script) {
        return List.copyOf(script == ScriptClass.UNSPACED ? unspacedWords(text) : spacedWords(text));
    }

    /**
     * Whitespace-separated tokens; a token holding a letter of an unspaced script is split into its
     * {@link #unspacedWords}.
     */
    public static List<String> spacedWords(String text) {
        List<String> words = new ArrayList<>();
        for (String token : text.split("\\s+")) {
            if (token.codePoints().anyMatch(ScriptClass::isUnspacedLetter)) {
                words.addAll(unspacedWords(token));
            } else if (!token.isEmpty()) {
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

    /** {@code word} without leading and trailing punctuation and symbols. */
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

    /** {@code part / whole}, 0 for an empty whole. */
    static double fraction(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    private static void flush(StringBuilder run, List<String> words) {
        if (run.length() > 0 && !stripPunctuation(run.toString()).isEmpty()) {
            words.add(run.toString());
        }
        run.setLength(0);
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

    private static List<String> nonBlankParts(String[] parts) {
        List<String> kept = new ArrayList<>();
        for (String part : parts) {
            String stripped = part.strip();
            if (!stripped.isEmpty()) {
                kept.add(stripped);
            }
        }
        return List.copyOf(kept);
    }
}
