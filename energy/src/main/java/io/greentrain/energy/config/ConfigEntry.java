package io.greentrain.energy.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One configuration key, defined once with its type, default, meaning, checks and the version
 * that introduced it, in the style of Spark's {@code ConfigBuilder}:
 * <pre>{@code
 * ConfigEntry.<String>builder("spark.greentrain.energy.sampleInterval")
 *         .doc("How often each executor reads its meters.")
 *         .version("0.1.0")
 *         .readWith(SparkValueParsers.TIME)
 *         .check(ValueCheck.notShorterThan(Duration.ofMillis(10)))
 *         .createWithDefault("1s");
 * }</pre>
 * Both registries are built with it: the energy plugin's ({@code EnergyConf}, raw values are
 * Spark's strings) and the jobs' (raw values are HOCON values, defaults in {@code reference.conf}).
 *
 * <p>Reading applies the parser, then each check and conversion in the order they were added; any
 * failure is an {@link InvalidValueException} whose one-line message starts with the key. Immutable
 * and thread-safe.
 *
 * @param <S> the raw value's type, fixed by the configuration source
 * @param <T> the typed value's type
 */
public final class ConfigEntry<S, T> {

    /** The version of keys that do not name theirs: the first release, which had all of today's keys. */
    public static final String FIRST_VERSION = "0.1.0";

    private final String key;
    private final String doc;
    private final String version;
    private final ValueParser<S, T> parser;
    private final Optional<S> defaultValue;
    private final Optional<String> defaultDescription;

    private ConfigEntry(Builder<S> untyped, ValueParser<S, T> parser, Optional<S> defaultValue,
                        Optional<String> defaultDescription) {
        this.key = untyped.key;
        this.doc = untyped.doc;
        this.version = untyped.version;
        this.parser = parser;
        this.defaultValue = defaultValue;
        this.defaultDescription = defaultDescription;
    }

    /** Starts defining the key {@code key}; {@link Builder#doc} must come before the type. */
    public static <S> Builder<S> builder(String key) {
        return new Builder<>(key);
    }

    /** The full key, e.g. {@code spark.greentrain.energy.sampleInterval}. */
    public String key() {
        return key;
    }

    /** What the key means and which values it accepts, in a sentence or two. */
    public String doc() {
        return doc;
    }

    /** The release that introduced the key. */
    public String version() {
        return version;
    }

    /** The value's type as the reference names it. */
    public String typeDescription() {
        return parser.typeDescription();
    }

    /** The raw default; empty when the key has none here (the jobs' defaults live in {@code reference.conf}). */
    public Optional<S> defaultValue() {
        return defaultValue;
    }

    /**
     * How the reference shows a default that depends on the machine (e.g. {@code "the driver
     * machine's cores"}); empty when the raw default is shown as it is.
     */
    public Optional<String> defaultDescription() {
        return defaultDescription;
    }

    /**
     * Parses and checks {@code raw}.
     *
     * @throws InvalidValueException starting with the key when it does not parse or fails a check
     */
    public T read(S raw) {
        try {
            return parser.parse(raw, key);
        } catch (InvalidValueException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(e.getMessage(), e);
        }
    }

    /**
     * The value of this key in {@code values}, or the default when {@code values} has none.
     *
     * @throws InvalidValueException starting with the key when the value is invalid, or absent without a default
     */
    public T get(Map<String, ? extends S> values) {
        S raw = values.containsKey(key) ? values.get(key)
                : defaultValue.orElseThrow(() -> new InvalidValueException(key + ": no value and no default"));
        return read(raw);
    }

    @Override
    public String toString() {
        return key;
    }

    /** The first step of a definition: key, doc and version; the type is not chosen yet. */
    public static final class Builder<S> {
        private final String key;
        private String doc;
        private String version = FIRST_VERSION;

        private Builder(String key) {
            this.key = Objects.requireNonNull(key, "key");
        }

        public Builder<S> doc(String doc) {
            this.doc = doc;
            return this;
        }

        /** The release that introduced the key; {@link #FIRST_VERSION} unless given. */
        public Builder<S> version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** Chooses the type: {@code parser} turns the source's raw values into {@code T}. */
        public <T> TypedBuilder<S, T> readWith(ValueParser<S, T> parser) {
            if (doc == null || doc.isBlank()) {
                throw new IllegalStateException("key " + key + " needs a doc before its type");
            }
            return new TypedBuilder<>(this, Objects.requireNonNull(parser, "parser"));
        }
    }

    /** The second step of a definition: the type is known; checks, conversions and the default may follow. */
    public static final class TypedBuilder<S, T> {
        private final Builder<S> untyped;
        private final ValueParser<S, T> parser;

        private TypedBuilder(Builder<S> untyped, ValueParser<S, T> parser) {
            this.untyped = untyped;
            this.parser = parser;
        }

        /**
         * Adds a check, run after everything added before it. A failed check becomes
         * {@code "<key>: <problem>"}, or {@code "<key>: invalid value '<raw>': <problem>"} where the
         * parser quotes raw values ({@link ValueParser#quote}).
         */
        public TypedBuilder<S, T> check(ValueCheck<? super T> check) {
            ValueParser<S, T> before = parser;
            return new TypedBuilder<>(untyped, new ValueParser<>() {
                @Override
                public String typeDescription() {
                    return before.typeDescription();
                }

                @Override
                public T parse(S raw, String where) {
                    T value = before.parse(raw, where);
                    check.problemWith(value).ifPresent(problem -> {
                        throw new InvalidValueException(where + ": "
                                + before.quote(raw).map(quoted -> "invalid value " + quoted + ": ").orElse("")
                                + problem);
                    });
                    return value;
                }

                @Override
                public Optional<String> quote(S raw) {
                    return before.quote(raw);
                }
            });
        }

        /**
         * Converts the checked value, e.g. a name into an enum constant; an
         * {@link IllegalArgumentException} from {@code convert} becomes {@code "<key>: <message>"}.
         */
        public <R> TypedBuilder<S, R> map(Function<? super T, ? extends R> convert) {
            ValueParser<S, T> before = parser;
            return new TypedBuilder<>(untyped, new ValueParser<>() {
                @Override
                public String typeDescription() {
                    return before.typeDescription();
                }

                @Override
                public R parse(S raw, String where) {
                    T intermediate = before.parse(raw, where);
                    try {
                        return convert.apply(intermediate);
                    } catch (IllegalArgumentException e) {
                        throw new InvalidValueException(where + ": " + e.getMessage(), e);
                    }
                }

                @Override
                public Optional<String> quote(S raw) {
                    return before.quote(raw);
                }
            });
        }

        /** The key without a default here: its source holds the default (as {@code reference.conf} does). */
        public ConfigEntry<S, T> create() {
            return new ConfigEntry<>(untyped, parser, Optional.empty(), Optional.empty());
        }

        /**
         * The key with the raw default {@code defaultValue}, which must itself be valid.
         *
         * @throws IllegalStateException when the default does not parse or fails a check
         */
        public ConfigEntry<S, T> createWithDefault(S defaultValue) {
            return checkedDefault(new ConfigEntry<>(untyped, parser, Optional.of(defaultValue), Optional.empty()));
        }

        /**
         * The key with a default that depends on the machine, {@code defaultValue} here, shown in the
         * reference as {@code description}.
         */
        public ConfigEntry<S, T> createWithDefault(S defaultValue, String description) {
            return checkedDefault(new ConfigEntry<>(untyped, parser, Optional.of(defaultValue),
                    Optional.of(description)));
        }

        private static <S, T> ConfigEntry<S, T> checkedDefault(ConfigEntry<S, T> entry) {
            try {
                entry.read(entry.defaultValue().orElseThrow());
            } catch (InvalidValueException e) {
                throw new IllegalStateException("the default of " + entry.key() + " is invalid: " + e.getMessage(), e);
            }
            return entry;
        }
    }
}
