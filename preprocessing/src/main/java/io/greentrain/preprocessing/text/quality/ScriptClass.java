package io.greentrain.preprocessing.text.quality;

import java.util.EnumSet;
import java.util.Set;

/**
 * Whether a text is measured in characters or in words. Each script is counted in its own unit: every letter of an
 * unspaced script ({@link #UNSPACED_SCRIPTS}: Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar, Tibetan) is one
 * unit, since these scripts put no space between words and a character is the unit they can be measured in without a
 * dictionary; every run of other letters and digits (Latin, Cyrillic, Greek, Hangul, Arabic, ..., numbers) is one unit,
 * a word. A document is {@link #UNSPACED} when at least a given share ({@link #UNSPACED_SHARE_DEFAULT}) of its units
 * are unspaced letters, otherwise {@link #SPACED}.
 *
 * <p>Counting letters instead would weigh a Latin word by its length: in the Chinese sentence
 * {@code 使用 git commit --amend 修改提交信息，用 git rebase --interactive 整理历史。} 34 Latin letters outnumber 13
 * characters, and a manual page written like it would be judged as English prose. In units it is what it is: 13
 * characters against 6 Latin words. Korean (Hangul) is spaced: it writes spaces between words.
 */
public enum ScriptClass {
    SPACED("spaced"),
    UNSPACED("unspaced");

    /**
     * The share of units in unspaced letters from which a document is {@link #UNSPACED}: half, so a document is
     * measured in the unit of its dominant script. Ours.
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

    /**
     * The class of {@code text}: unspaced when at least {@code unspacedShare} of its units ({@link ScriptUnits}) are
     * letters of unspaced scripts; spaced when it has none.
     */
    public static ScriptClass of(String text, double unspacedShare) {
        return of(ScriptUnits.of(text), unspacedShare);
    }

    /** The class of a text with these units. */
    public static ScriptClass of(ScriptUnits units, double unspacedShare) {
        return units.unspacedLetters() > 0 && units.unspacedLetters() >= unspacedShare * units.total()
                ? UNSPACED : SPACED;
    }
}
