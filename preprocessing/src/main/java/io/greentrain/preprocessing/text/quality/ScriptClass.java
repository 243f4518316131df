package io.greentrain.preprocessing.text.quality;

import java.util.EnumSet;
import java.util.Set;

/**
 * Whether a text's writing system separates words with spaces. A document is {@link #UNSPACED} when at least a given
 * share ({@link #UNSPACED_SHARE_DEFAULT}) of its letters belong to {@link #UNSPACED_SCRIPTS} (Han, Hiragana, Katakana, Thai, Lao, Khmer,
 * Myanmar, Tibetan); otherwise (Latin, Cyrillic, Greek, Arabic, Hangul, ..., or no letters) it is {@link #SPACED}.
 * For unspaced text each letter of those scripts is a "word".
 */
public enum ScriptClass {
    SPACED("spaced"),
    UNSPACED("unspaced");

    /**
     * The share of letters in unspaced scripts from which a document is {@link #UNSPACED}: half. Ours; a text mixing
     * Chinese with Latin names and numbers is still measured in characters.
     */
    public static final double UNSPACED_SHARE_DEFAULT = 0.5;

    /** Scripts written without spaces between words. */
    public static final Set<Character.UnicodeScript> UNSPACED_SCRIPTS = EnumSet.of(Character.UnicodeScript.HAN,
            Character.UnicodeScript.HIRAGANA, Character.UnicodeScript.KATAKANA, Character.UnicodeScript.THAI,
            Character.UnicodeScript.LAO, Character.UnicodeScript.KHMER, Character.UnicodeScript.MYANMAR,
            Character.UnicodeScript.TIBETAN);

    private final String code;

    ScriptClass(String code) {
        this.code = code;
    }

    /** The value written in the {@code script} column. */
    public String code() {
        return code;
    }

    /** True when {@code codePoint} is a letter of an unspaced script. */
    public static boolean isUnspacedLetter(int codePoint) {
        return Character.isLetter(codePoint) && UNSPACED_SCRIPTS.contains(Character.UnicodeScript.of(codePoint));
    }

    /** The class of {@code text}: unspaced when at least {@code unspacedShare} of its letters are unspaced ones. */
    public static ScriptClass of(String text, double unspacedShare) {
        long letters = 0;
        long unspaced = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (Character.isLetter(cp)) {
                letters++;
                if (UNSPACED_SCRIPTS.contains(Character.UnicodeScript.of(cp))) {
                    unspaced++;
                }
            }
            i += Character.charCount(cp);
        }
        return letters > 0 && unspaced >= unspacedShare * letters ? UNSPACED : SPACED;
    }
}
