package io.greentrain.jobs.config;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.greentrain.energy.config.ValueCheck;
import io.greentrain.energy.config.ValueParser;
import io.greentrain.formats.DecimalNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Turns one HOCON value into a typed Java value, or throws a {@link ConfigException} that names
 * where the value sits ({@code greentrain.train.epochs}, {@code greentrain.clean.columns[3].min}).
 *
 * <p>Scalars follow Typesafe Config's own conversions, so values that arrive as strings (from an
 * environment substitution, say) still work: {@code "20"} is an int, {@code yes} a boolean and a
 * number is a valid string. Unlike Typesafe Config, an int or long must be a whole number:
 * {@code 10.5} epochs is an error, not 10. Immutable and thread-safe.
 *
 * <p>As a {@link ValueParser} of HOCON values it is the type step of a key definition
 * ({@code ConfigEntry.builder(path).doc(...).readWith(ValueReader.INT)}); its own
 * {@link #check} and {@link #map} compose readers of values inside lists and objects.
 *
 * @param <T> the type of the values read
 */
final class ValueReader<T> implements ValueParser<ConfigValue, T> {

    static final ValueReader<Integer> INT = new ValueReader<>("int", ValueReader::toInt);
    static final ValueReader<Long> LONG = new ValueReader<>("long", ValueReader::toLong);
    static final ValueReader<Double> DOUBLE = new ValueReader<>("double", ValueReader::toDouble);
    static final ValueReader<Boolean> BOOLEAN = new ValueReader<>("boolean", ValueReader::toBoolean);
    static final ValueReader<String> STRING = new ValueReader<>("string", ValueReader::toText);

    private static final int MAX_SHOWN_VALUE_LENGTH = 60;
    /** The words Typesafe Config accepts for booleans. */
    private static final Set<String> TRUE_WORDS = Set.of("true", "yes", "on");
    private static final Set<String> FALSE_WORDS = Set.of("false", "no", "off");

    private final String typeDescription;
    private final BiFunction<ConfigValue, String, T> read;

    private ValueReader(String typeDescription, BiFunction<ConfigValue, String, T> read) {
        this.typeDescription = Objects.requireNonNull(typeDescription, "typeDescription");
        this.read = Objects.requireNonNull(read, "read");
    }

    /** A reader for a value that must be a list, each element read by {@code element}. */
    static <E> ValueReader<List<E>> listOf(ValueReader<E> element, String typeDescription) {
        return new ValueReader<>(typeDescription, (value, where) -> {
            if (value.valueType() != ConfigValueType.LIST) {
                throw wrongType(where, "a " + typeDescription, value);
            }
            List<E> elements = new ArrayList<>();
            List<?> list = (List<?>) value;
            for (int i = 0; i < list.size(); i++) {
                elements.add(element.read((ConfigValue) list.get(i), where + "[" + i + "]"));
            }
            return List.copyOf(elements);
        });
    }

    /** A reader for values of an arbitrary shape; {@code read} reports problems itself. */
    static <T> ValueReader<T> custom(String typeDescription, BiFunction<ConfigValue, String, T> read) {
        return new ValueReader<>(typeDescription, read);
    }

    /** How the type is named in the configuration reference, e.g. {@code "list of strings"}. */
    @Override
    public String typeDescription() {
        return typeDescription;
    }

    /** {@link #read}: the {@link ValueParser} view. */
    @Override
    public T parse(ConfigValue raw, String where) {
        return read(raw, where);
    }

    /**
     * Reads {@code value}, which sits at {@code where}.
     *
     * @throws ConfigException starting with {@code where} when the value has the wrong type or fails a check
     */
    T read(ConfigValue value, String where) {
        return read.apply(value, where);
    }

    /** This reader, followed by {@code check}; a failed check becomes {@code "<where>: <problem>"}. */
    ValueReader<T> check(ValueCheck<? super T> check) {
        return new ValueReader<>(typeDescription, (value, where) -> {
            T result = read(value, where);
            check.problemWith(result).ifPresent(problem -> {
                throw new ConfigException(where + ": " + problem);
            });
            return result;
        });
    }

    /**
     * This reader, followed by {@code convert}. An {@link IllegalArgumentException} from
     * {@code convert} (the way our domain types reject values) becomes {@code "<where>: <message>"}.
     */
    <R> ValueReader<R> map(Function<? super T, ? extends R> convert) {
        return new ValueReader<>(typeDescription, (value, where) -> {
            T intermediate = read(value, where);
            try {
                return convert.apply(intermediate);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + ": " + e.getMessage(), e);
            }
        });
    }

    /**
     * Describes a value for an error message: its HOCON type and its JSON rendering, shortened,
     * e.g. {@code STRING "ten"} or {@code LIST [1,2]}.
     */
    static String describe(ConfigValue value) {
        if (value.valueType() == ConfigValueType.NULL) {
            return "null";
        }
        String rendered = value.render(ConfigRenderOptions.concise());
        if (rendered.length() > MAX_SHOWN_VALUE_LENGTH) {
            rendered = rendered.substring(0, MAX_SHOWN_VALUE_LENGTH) + "...";
        }
        return value.valueType() + " " + rendered;
    }

    /** The error for a value of the wrong type: {@code "<where>: expected an int, got STRING \"ten\""}. */
    static ConfigException wrongType(String where, String expected, ConfigValue actual) {
        return new ConfigException(where + ": expected " + expected + ", got " + describe(actual));
    }

    private static int toInt(ConfigValue value, String where) {
        Long whole = wholeNumber(value);
        if (whole == null || whole < Integer.MIN_VALUE || whole > Integer.MAX_VALUE) {
            throw wrongType(where, "an int", value);
        }
        return whole.intValue();
    }

    private static long toLong(ConfigValue value, String where) {
        Long whole = wholeNumber(value);
        if (whole == null) {
            throw wrongType(where, "a long", value);
        }
        return whole;
    }

    private static double toDouble(ConfigValue value, String where) {
        Double number = finiteNumber(value);
        if (number == null) {
            throw wrongType(where, "a number", value);
        }
        return number;
    }

    private static boolean toBoolean(ConfigValue value, String where) {
        if (value.valueType() == ConfigValueType.BOOLEAN) {
            return (Boolean) value.unwrapped();
        }
        if (value.valueType() == ConfigValueType.STRING) {
            String word = ((String) value.unwrapped()).strip().toLowerCase(Locale.ROOT);
            if (TRUE_WORDS.contains(word)) {
                return true;
            }
            if (FALSE_WORDS.contains(word)) {
                return false;
            }
        }
        throw wrongType(where, "a boolean (true or false)", value);
    }

    private static String toText(ConfigValue value, String where) {
        return switch (value.valueType()) {
            case STRING -> (String) value.unwrapped();
            case NUMBER, BOOLEAN -> value.render(ConfigRenderOptions.concise());
            default -> throw wrongType(where, "a string", value);
        };
    }

    /** The value as a whole number, or null when it is not one (a fraction, a word, a list...). */
    private static Long wholeNumber(ConfigValue value) {
        if (value.valueType() == ConfigValueType.NUMBER) {
            Object number = value.unwrapped();
            if (number instanceof Integer || number instanceof Long) {
                return ((Number) number).longValue();
            }
        }
        if (value.valueType() == ConfigValueType.STRING) {
            try {
                return Long.parseLong(((String) value.unwrapped()).strip());
            } catch (NumberFormatException e) {
                // maybe "10.0"; the check below decides
            }
        }
        Double number = finiteNumber(value);
        boolean exactlyWhole = number != null && number == Math.rint(number) && Math.abs(number) < 0x1p53;
        return exactlyWhole ? number.longValue() : null;
    }

    /** The value as a finite number, or null when it is not one. */
    private static Double finiteNumber(ConfigValue value) {
        double number;
        if (value.valueType() == ConfigValueType.NUMBER) {
            number = ((Number) value.unwrapped()).doubleValue();
        } else if (value.valueType() == ConfigValueType.STRING) {
            // The inputs' one number grammar: no Java suffixes, hex floats, NaN or Infinity.
            Double parsed = DecimalNumbers.parseFinite(((String) value.unwrapped()).strip());
            if (parsed == null) {
                return null;
            }
            number = parsed;
        } else {
            return null;
        }
        return Double.isFinite(number) ? number : null;
    }
}
