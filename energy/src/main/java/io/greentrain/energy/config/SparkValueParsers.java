package io.greentrain.energy.config;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.apache.spark.network.util.JavaUtils;

/**
 * Parsers for values as Spark's configuration holds them: strings, read the way Spark reads its
 * own keys ({@code 500ms}, {@code TRUE}) after trimming surrounding whitespace. Errors quote the
 * raw value: {@code spark.greentrain.energy.sampleInterval: cannot read 'abc' as a time}.
 */
public final class SparkValueParsers {

    /** {@code true} or {@code false} in any case, as Spark reads booleans: a typo must not read as false. */
    public static final ValueParser<String, Boolean> BOOLEAN = of("boolean", SparkValueParsers::parseBoolean);

    /** A time with a unit as Spark writes them ({@code 10ms}, {@code 1s}, {@code 5min}; no unit: ms). */
    public static final ValueParser<String, Duration> TIME = of("time",
            value -> Duration.ofMillis(JavaUtils.timeStringAsMs(value)));

    /** A finite decimal number. */
    public static final ValueParser<String, Double> DOUBLE = of("double", SparkValueParsers::parseFiniteDouble);

    public static final ValueParser<String, Integer> INT = of("int", Integer::parseInt);

    /** Any text, trimmed. */
    public static final ValueParser<String, String> STRING = of("string", Function.identity());

    /** A file or folder, trimmed; whether it must exist is for the reader to say. */
    public static final ValueParser<String, String> PATH = of("path", Function.identity());

    private SparkValueParsers() {
    }

    /**
     * A parser named {@code typeDescription} for the reference, applying {@code parse} to the trimmed
     * value; any exception from {@code parse} becomes {@code "<key>: cannot read '<raw>' as a <type>"}.
     */
    public static <T> ValueParser<String, T> of(String typeDescription, Function<String, T> parse) {
        return new ValueParser<>() {
            @Override
            public String typeDescription() {
                return typeDescription;
            }

            @Override
            public T parse(String raw, String where) {
                try {
                    return parse.apply(raw.trim());
                } catch (RuntimeException e) {
                    throw new InvalidValueException(where + ": cannot read '" + raw + "' as a " + typeDescription, e);
                }
            }

            @Override
            public Optional<String> quote(String raw) {
                return Optional.of("'" + raw + "'");
            }
        };
    }

    private static Boolean parseBoolean(String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("not true or false");
    }

    private static Double parseFiniteDouble(String value) {
        double number = Double.parseDouble(value);
        if (!Double.isFinite(number)) {
            throw new IllegalArgumentException("not a finite number");
        }
        return number;
    }
}
