package io.greentrain.training.stop;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A validation quality to reach, such as {@code r2 >= 0.90} or {@code perplexity <= 4.5}: a metric
 * name, a direction and a threshold.
 *
 * @param metric    the validation metric's name as the job reports it ({@code r2}, {@code rmse},
 *                  {@code mae}, {@code perplexity}, {@code loss})
 * @param atLeast   true for {@code >=} (higher is better), false for {@code <=}
 * @param threshold the value to reach
 */
public record Target(String metric, boolean atLeast, double threshold) implements Serializable {

    private static final Pattern TEXT = Pattern.compile("\\s*([a-z][a-z0-9_-]*)\\s*(>=|<=)\\s*(\\S+)\\s*");

    public Target {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("a target needs a metric name");
        }
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("a target needs a finite threshold, got " + threshold);
        }
    }

    /**
     * Reads {@code METRIC >= VALUE} or {@code METRIC <= VALUE}, the metric one of {@code metrics}.
     *
     * @throws IllegalArgumentException naming what is wrong, e.g. an unknown metric
     */
    public static Target parse(String text, List<String> metrics) {
        Matcher matcher = TEXT.matcher(text.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("a target reads METRIC >= VALUE or METRIC <= VALUE (for example "
                    + "\"r2 >= 0.90\"), got \"" + text + "\"");
        }
        String metric = matcher.group(1);
        if (!metrics.contains(metric)) {
            throw new IllegalArgumentException("unknown target metric '" + metric + "': one of " + metrics);
        }
        double threshold;
        try {
            threshold = Double.parseDouble(matcher.group(3));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the target's value is not a number: \"" + matcher.group(3) + "\"");
        }
        return new Target(metric, matcher.group(2).equals(">="), threshold);
    }

    /** Whether {@code value} of the metric reaches the target; NaN never does. */
    public boolean reachedBy(double value) {
        return atLeast ? value >= threshold : value <= threshold;
    }

    @Override
    public String toString() {
        return metric + (atLeast ? " >= " : " <= ") + threshold;
    }
}
