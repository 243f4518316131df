package io.greentrain.preprocessing.text.quality;

import io.greentrain.preprocessing.text.RemovalReason;
import java.util.Locale;
import java.util.Objects;

/**
 * What one {@link TextFilter} says about one document: keep it, or drop it for a reason with a detail that states
 * the measured value against the threshold.
 *
 * @param reason why the document is dropped; null when it is kept
 * @param detail the measurement, e.g. {@code "words 12 < 50"}; null when the document is kept
 */
public record FilterResult(RemovalReason reason, String detail) {

    /** The document passes the filter. */
    public static final FilterResult KEEP = new FilterResult(null, null);

    public FilterResult {
        if ((reason == null) != (detail == null)) {
            throw new IllegalArgumentException("a dropped document needs a reason and a detail, a kept one neither: "
                    + reason + ", " + detail);
        }
    }

    /** Drop for {@code reason}, explained by {@code detail}. */
    public static FilterResult drop(RemovalReason reason, String detail) {
        return new FilterResult(Objects.requireNonNull(reason, "reason"), Objects.requireNonNull(detail, "detail"));
    }

    /**
     * Drop for {@code reason} with the detail {@code "<what> <value, 3 decimals> <op> <limit>"}, e.g.
     * {@code "lines starting with a bullet 0.950 > 0.9"}.
     */
    public static FilterResult drop(RemovalReason reason, String what, double value, String op, double limit) {
        return drop(reason, String.format(Locale.ROOT, "%s %.3f %s %s", what, value, op, limit));
    }

    public boolean kept() {
        return reason == null;
    }
}
