package io.greentrain.preprocessing.text.quality;

import java.io.Serializable;

/**
 * Switches of the {@link C4QualityFilter}. Defaults from C4 (Raffel et al. 2020, "Exploring the Limits of Transfer
 * Learning with a Unified Text-to-Text Transformer", section 2.2): pages with "lorem ipsum" or a curly bracket are
 * removed. False turns a rule off. Build with {@link #builder()}, whose setters are named after the components.
 *
 * @param rejectLoremIpsum   remove documents containing "lorem ipsum" (any case)
 * @param rejectCurlyBracket remove documents containing a curly bracket (mostly code)
 */
public record C4Thresholds(boolean rejectLoremIpsum, boolean rejectCurlyBracket) implements Serializable {

    public static final boolean REJECT_LOREM_IPSUM_DEFAULT = true;
    public static final boolean REJECT_CURLY_BRACKET_DEFAULT = true;

    /** The published defaults listed above. */
    public static final C4Thresholds DEFAULTS = builder().build();

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Named setters; unset values keep their defaults. */
    public static final class Builder {
        private boolean rejectLoremIpsum = REJECT_LOREM_IPSUM_DEFAULT;
        private boolean rejectCurlyBracket = REJECT_CURLY_BRACKET_DEFAULT;

        private Builder() {
        }

        public Builder rejectLoremIpsum(boolean v) { rejectLoremIpsum = v; return this; }
        public Builder rejectCurlyBracket(boolean v) { rejectCurlyBracket = v; return this; }

        public C4Thresholds build() {
            return new C4Thresholds(rejectLoremIpsum, rejectCurlyBracket);
        }
    }
}
