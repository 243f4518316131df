package io.greentrain.preprocessing.text.quality;

/**
 * A text's units by script ({@link ScriptClass}): letters of unspaced scripts, one unit each, with Han and kana
 * counted apart; and runs of other letters and digits (with their combining marks), one unit each, with the Latin
 * letters in them counted apart.
 *
 * @param unspacedLetters letters of {@link ScriptClass#UNSPACED_SCRIPTS}
 * @param hanLetters      of which Han
 * @param kanaLetters     of which Hiragana or Katakana
 * @param spacedRuns      runs of other letters and digits
 * @param spacedLetters   letters in those runs
 * @param latinLetters    of which Latin
 */
public record ScriptUnits(long unspacedLetters, long hanLetters, long kanaLetters, long spacedRuns,
                          long spacedLetters, long latinLetters) {

    /** Counts the units of {@code text} in one pass. */
    public static ScriptUnits of(String text) {
        long unspaced = 0;
        long han = 0;
        long kana = 0;
        long runs = 0;
        long spacedLetters = 0;
        long latin = 0;
        boolean inRun = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (ScriptClass.isUnspacedLetter(cp)) {
                inRun = false;
                unspaced++;
                Character.UnicodeScript script = Character.UnicodeScript.of(cp);
                han += script == Character.UnicodeScript.HAN ? 1 : 0;
                kana += script == Character.UnicodeScript.HIRAGANA || script == Character.UnicodeScript.KATAKANA
                        ? 1 : 0;
            } else if (Character.isLetterOrDigit(cp)) {
                runs += inRun ? 0 : 1;
                inRun = true;
                if (Character.isLetter(cp)) {
                    spacedLetters++;
                    latin += Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN ? 1 : 0;
                }
            } else {
                int type = Character.getType(cp);
                inRun &= type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
            }
        }
        return new ScriptUnits(unspaced, han, kana, runs, spacedLetters, latin);
    }

    /** All units: unspaced letters and spaced runs. */
    public long total() {
        return unspacedLetters + spacedRuns;
    }

    /** True when at least half of the letters outside unspaced scripts are Latin (none counts as Latin). */
    public boolean spacedPartMostlyLatin() {
        return 2 * latinLetters >= spacedLetters;
    }

    /**
     * True when the unspaced letters are Chinese: Han, with at most {@code maxKanaShare} of them kana (Japanese
     * writes its particles and endings in kana; a Chinese text holds kana only in a quoted name).
     */
    public boolean chinese(double maxKanaShare) {
        return hanLetters > 0 && kanaLetters <= maxKanaShare * unspacedLetters
                && hanLetters + kanaLetters == unspacedLetters;
    }
}
