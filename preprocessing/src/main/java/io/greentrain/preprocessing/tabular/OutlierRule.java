package io.greentrain.preprocessing.tabular;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;

/**
 * A rule for rows whose value in one numeric column is an outlier. Applied after the type and
 * range checks and after duplicate removal, so it only sees valid, distinct rows.
 *
 * <p>Bounds come either from the rule itself ({@link Method#RANGE}: {@code lower}/{@code upper},
 * either may be null) or from the data ({@link Method#IQR}: {@code [Q1 - k*IQR, Q3 + k*IQR]} with
 * quartiles computed over the rows the rule sees, Tukey's fences; {@code k} defaults to 1.5).
 *
 * @param column the numeric column the rule looks at
 * @param method how the bounds are found
 * @param lower  the lower bound for {@code RANGE}, or null
 * @param upper  the upper bound for {@code RANGE}, or null
 * @param k      the fence multiplier for {@code IQR}
 * @param action what happens to a row outside the bounds
 */
public record OutlierRule(String column, Method method, Double lower, Double upper, double k, Action action)
        implements Serializable {

    /** How a rule finds its bounds. */
    public enum Method { RANGE, IQR }

    /** What happens to an outlying row. */
    public enum Action {
        /** The row goes to quarantine with reason {@code outlier}. */
        QUARANTINE,
        /** The value is clipped to the nearest bound and the row is kept (and counted as clipped). */
        CLIP;

        public static Action fromConfigName(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown outlier action '" + name + "' (expected quarantine or clip)");
            }
        }
    }

    public OutlierRule {
        Objects.requireNonNull(column, "column");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(action, "action");
        if (method == Method.RANGE && lower == null && upper == null) {
            throw new IllegalArgumentException("outlier rule on '" + column + "': a range rule needs min or max");
        }
        if (method == Method.IQR && !(k > 0)) {
            throw new IllegalArgumentException("outlier rule on '" + column + "': k must be positive, not " + k);
        }
        if (lower != null && upper != null && lower > upper) {
            throw new IllegalArgumentException("outlier rule on '" + column + "': min " + lower + " is greater than max " + upper);
        }
    }

    public static Method methodFromConfigName(String name) {
        try {
            return Method.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown outlier method '" + name + "' (expected range or iqr)");
        }
    }
}
