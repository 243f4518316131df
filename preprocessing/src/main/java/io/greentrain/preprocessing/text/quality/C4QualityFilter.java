package io.greentrain.preprocessing.text.quality;

import io.greentrain.preprocessing.text.RemovalReason;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * C4's page rules (Raffel et al. 2020, section 2.2; part of DataTrove's {@code C4QualityFilter}), checked in this
 * order: {@code lorem_ipsum}, {@code curly_bracket}. The same for every script.
 *
 * @param thresholds the switches; {@link C4Thresholds#DEFAULTS} for the published ones
 */
public record C4QualityFilter(C4Thresholds thresholds) implements TextFilter {

    private static final Set<RemovalReason> REASONS = Collections.unmodifiableSet(
            EnumSet.of(RemovalReason.LOREM_IPSUM, RemovalReason.CURLY_BRACKET));

    /** The filter with the published switches. */
    public static C4QualityFilter defaults() {
        return new C4QualityFilter(C4Thresholds.DEFAULTS);
    }

    @Override
    public String name() {
        return "c4";
    }

    @Override
    public Set<RemovalReason> reasons() {
        return REASONS;
    }

    @Override
    public FilterResult check(TextDocument document) {
        String text = document.text();
        if (thresholds.rejectLoremIpsum() && text.toLowerCase(Locale.ROOT).contains("lorem ipsum")) {
            return FilterResult.drop(RemovalReason.LOREM_IPSUM, "contains \"lorem ipsum\"");
        }
        if (thresholds.rejectCurlyBracket() && text.indexOf('{') >= 0) {
            return FilterResult.drop(RemovalReason.CURLY_BRACKET, "contains \"{\"");
        }
        return FilterResult.KEEP;
    }
}
