package io.greentrain.preprocessing.text.normalize;

import java.text.Normalizer;
import java.util.Objects;

/**
 * What {@link TextNormalizer} does.
 *
 * @param form          Unicode normal form: {@code NFC} (default: canonical composition, changes no meaning) or
 *                      {@code NFKC} (also folds compatibility characters: full-width Latin, ligatures, superscripts)
 * @param htmlToText    treat every document as HTML and reduce it to text first (default false; e-mail HTML parts
 *                      are always reduced by the reader)
 * @param keepBlankLines keep one blank line between paragraphs (default true); false drops blank lines
 */
public record NormalizationSpec(Normalizer.Form form, boolean htmlToText, boolean keepBlankLines)
        implements java.io.Serializable {

    public static final Normalizer.Form FORM_DEFAULT = Normalizer.Form.NFC;

    public NormalizationSpec {
        Objects.requireNonNull(form, "form");
        if (form != Normalizer.Form.NFC && form != Normalizer.Form.NFKC) {
            throw new IllegalArgumentException("normal form must be NFC or NFKC, not " + form);
        }
    }

    /** NFC, no HTML reduction, blank lines between paragraphs kept. */
    public static NormalizationSpec defaults() {
        return new NormalizationSpec(FORM_DEFAULT, false, true);
    }

    public NormalizationSpec withForm(Normalizer.Form newForm) {
        return new NormalizationSpec(newForm, htmlToText, keepBlankLines);
    }

    public NormalizationSpec withHtmlToText(boolean html) {
        return new NormalizationSpec(form, html, keepBlankLines);
    }
}
