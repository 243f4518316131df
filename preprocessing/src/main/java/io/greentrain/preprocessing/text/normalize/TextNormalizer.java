package io.greentrain.preprocessing.text.normalize;

import io.greentrain.preprocessing.text.read.HtmlText;
import java.io.Serializable;
import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * Normalises document text, in this order: HTML to text (if asked); ANSI/VT100 escape sequences removed; line
 * breaks unified to {@code \n} (CR LF, CR, U+2028/2029, NEL, form feed, vertical tab); Unicode normal form (NFC or
 * NFKC); control characters (Cc other than {@code \n} and tab) and format characters (Cf, such as byte order marks,
 * soft hyphens and zero-width spaces, but not the zero-width (non-)joiners that some scripts need) removed; in each
 * line, runs of horizontal whitespace (tabs, no-break and ideographic spaces included) collapsed to one space and the
 * line trimmed; runs of blank lines reduced to one (or removed); the text trimmed. Idempotent. Thread-safe.
 */
public final class TextNormalizer implements Serializable {

    private static final Pattern ANSI = Pattern.compile(
            "\u001B\\[[0-?]*[ -/]*[@-~]"          // CSI: colours, cursor moves
            + "|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)"  // OSC ... BEL or ST
            + "|\u001B[@-Z\\\\-_]"                 // other two-character escapes
            + "|\u009B[0-?]*[ -/]*[@-~]");        // 8-bit CSI
    private static final Pattern LINE_BREAKS = Pattern.compile("\r\n|[\r\u2028\u2029\u0085\u000B\u000C]");
    private static final Pattern HORIZONTAL_SPACE = Pattern.compile("[\\t\\p{Zs}]+");
    private static final Pattern BLANK_RUNS = Pattern.compile("\n{3,}");

    private final NormalizationSpec spec;

    public TextNormalizer(NormalizationSpec spec) {
        this.spec = spec;
    }

    /** The normalised text; never null ({@code null} in gives ""). */
    public String normalize(String text) {
        if (text == null) {
            return "";
        }
        String s = spec.htmlToText() ? HtmlText.toText(text) : text;
        s = ANSI.matcher(s).replaceAll("");
        s = LINE_BREAKS.matcher(s).replaceAll("\n");
        s = Normalizer.normalize(s, spec.form());
        s = removeControlAndFormat(s);
        StringBuilder out = new StringBuilder(s.length());
        for (String line : s.split("\n", -1)) {
            out.append(HORIZONTAL_SPACE.matcher(line).replaceAll(" ").strip()).append('\n');
        }
        String joined = out.toString();
        joined = spec.keepBlankLines() ? BLANK_RUNS.matcher(joined).replaceAll("\n\n")
                : joined.replaceAll("\n{2,}", "\n");
        return joined.strip();
    }

    private static String removeControlAndFormat(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            boolean drop = (type == Character.CONTROL && c != '\n' && c != '\t')
                    || (type == Character.FORMAT && c != '\u200C' && c != '\u200D');
            if (drop && out == null) {
                out = new StringBuilder(s.length());
                out.append(s, 0, i);
            } else if (!drop && out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }
}
