package io.greentrain.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import io.greentrain.energy.config.ConfigEntry;
import io.greentrain.energy.config.InvalidValueException;
import io.greentrain.energy.config.ValueCheck;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One configuration key of the jobs: a {@link ConfigEntry} (path, type, doc, checks, version) whose
 * raw values are HOCON values, read from a resolved Typesafe {@link Config}. The default is not in
 * the entry: it lives in {@code reference.conf}, which a test keeps in step with {@link GreentrainKeys}.
 *
 * <p>Keys are defined only in {@link GreentrainKeys} and {@link TextKeys}; each is created once and
 * compared by identity. Immutable and thread-safe.
 *
 * @param <T> the Java type of the key's value
 */
public final class ConfigKey<T> {

    private final ConfigEntry<ConfigValue, T> entry;

    private ConfigKey(ConfigEntry<ConfigValue, T> entry) {
        this.entry = entry;
    }

    /** The full dotted path, e.g. {@code greentrain.train.epochs}. */
    public String path() {
        return entry.key();
    }

    /** The value's type as the reference names it, e.g. {@code "int"} or {@code "list of column objects"}. */
    public String typeDescription() {
        return entry.typeDescription();
    }

    /** What the key means and which values it accepts, in a sentence or two. */
    public String doc() {
        return entry.doc();
    }

    /** The release that introduced the key. */
    public String version() {
        return entry.version();
    }

    /**
     * Reads and validates this key's value from a resolved configuration.
     *
     * @throws ConfigException one line starting with the path when the value is absent, has the
     *                         wrong type ({@code greentrain.train.epochs: expected an int, got
     *                         STRING "ten"}) or fails a check ({@code greentrain.train.epochs: must be
     *                         at least 1, got 0})
     */
    public T read(Config config) {
        String path = path();
        ConfigValue value;
        try {
            if (!config.hasPathOrNull(path)) {
                throw new ConfigException(path + ": no value, and no default in reference.conf");
            }
            value = config.getIsNull(path) ? ConfigValueFactory.fromAnyRef(null) : config.getValue(path);
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException(path + ": " + e.getMessage(), e);
        }
        try {
            return entry.read(value);
        } catch (InvalidValueException e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return path();
    }

    /**
     * Starts defining a key with the shared {@link ConfigEntry} builder, Spark {@code ConfigBuilder} style:
     * {@code builder(path, registry::add).doc("...").intConf().check(atLeast(1)).create()}.
     *
     * @param onCreate receives the finished key (the registry collecting every key)
     */
    static Builder builder(String path, Consumer<ConfigKey<?>> onCreate) {
        return new Builder(ConfigEntry.builder(path), onCreate);
    }

    /** The first step of a key definition: path, doc and version; the HOCON type not yet chosen. */
    static final class Builder {
        private final ConfigEntry.Builder<ConfigValue> entry;
        private final Consumer<ConfigKey<?>> onCreate;

        private Builder(ConfigEntry.Builder<ConfigValue> entry, Consumer<ConfigKey<?>> onCreate) {
            this.entry = entry;
            this.onCreate = Objects.requireNonNull(onCreate, "onCreate");
        }

        Builder doc(String doc) {
            entry.doc(doc);
            return this;
        }

        /** The release that introduced the key; {@link ConfigEntry#FIRST_VERSION} unless given. */
        Builder version(String version) {
            entry.version(version);
            return this;
        }

        TypedBuilder<Integer> intConf() {
            return readWith(ValueReader.INT);
        }

        TypedBuilder<Long> longConf() {
            return readWith(ValueReader.LONG);
        }

        TypedBuilder<Double> doubleConf() {
            return readWith(ValueReader.DOUBLE);
        }

        TypedBuilder<Boolean> booleanConf() {
            return readWith(ValueReader.BOOLEAN);
        }

        TypedBuilder<String> stringConf() {
            return readWith(ValueReader.STRING);
        }

        <T> TypedBuilder<T> readWith(ValueReader<T> reader) {
            return new TypedBuilder<>(entry.readWith(reader), onCreate);
        }
    }

    /** The second step of a key definition: the type is known; checks and conversions may follow. */
    static final class TypedBuilder<T> {
        private final ConfigEntry.TypedBuilder<ConfigValue, T> entry;
        private final Consumer<ConfigKey<?>> onCreate;

        private TypedBuilder(ConfigEntry.TypedBuilder<ConfigValue, T> entry, Consumer<ConfigKey<?>> onCreate) {
            this.entry = entry;
            this.onCreate = onCreate;
        }

        /** Adds a check; checks run in the order they are added, after the type conversion. */
        TypedBuilder<T> check(ValueCheck<? super T> check) {
            return new TypedBuilder<>(entry.check(check), onCreate);
        }

        /**
         * Converts the checked value, e.g. a name into an enum constant; an
         * {@link IllegalArgumentException} from {@code convert} is reported against the key.
         */
        <R> TypedBuilder<R> map(Function<? super T, ? extends R> convert) {
            return new TypedBuilder<>(entry.map(convert), onCreate);
        }

        ConfigKey<T> create() {
            ConfigKey<T> key = new ConfigKey<>(entry.create());
            onCreate.accept(key);
            return key;
        }
    }
}
