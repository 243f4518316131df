package io.greentrain.jobs.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One configuration key: its full path (e.g. {@code greentrain.train.epochs}), the type its value
 * must have, what it means, and the checks its value must pass. The default is not here: it lives
 * in {@code reference.conf}, which a test keeps in step with {@link GreentrainKeys}.
 *
 * <p>Keys are defined only in {@link GreentrainKeys}; each is created once and compared by
 * identity. Immutable and thread-safe.
 *
 * @param <T> the Java type of the key's value
 */
public final class ConfigKey<T> {

    private final String path;
    private final String doc;
    private final ValueReader<T> reader;

    private ConfigKey(String path, String doc, ValueReader<T> reader) {
        this.path = path;
        this.doc = doc;
        this.reader = reader;
    }

    /** The full dotted path, e.g. {@code greentrain.train.epochs}. */
    public String path() {
        return path;
    }

    /** The value's type as the reference names it, e.g. {@code "int"} or {@code "list of column objects"}. */
    public String typeDescription() {
        return reader.typeDescription();
    }

    /** What the key means and which values it accepts, in a sentence or two. */
    public String doc() {
        return doc;
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
        ConfigValue value;
        try {
            if (!config.hasPathOrNull(path)) {
                throw new ConfigException(path + ": no value, and no default in reference.conf");
            }
            value = config.getIsNull(path) ? ConfigValueFactory.fromAnyRef(null) : config.getValue(path);
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException(path + ": " + e.getMessage(), e);
        }
        return reader.read(value, path);
    }

    @Override
    public String toString() {
        return path;
    }

    /**
     * Starts defining a key, Spark {@code ConfigBuilder} style:
     * {@code builder(path, registry::add).doc("...").intConf().check(atLeast(1)).create()}.
     *
     * @param onCreate receives the finished key (the registry collecting every key)
     */
    static Builder builder(String path, Consumer<ConfigKey<?>> onCreate) {
        return new Builder(path, onCreate);
    }

    /** The first step of a key definition: path and doc, type not yet chosen. */
    static final class Builder {
        private final String path;
        private final Consumer<ConfigKey<?>> onCreate;
        private String doc;

        private Builder(String path, Consumer<ConfigKey<?>> onCreate) {
            this.path = Objects.requireNonNull(path, "path");
            this.onCreate = Objects.requireNonNull(onCreate, "onCreate");
        }

        Builder doc(String doc) {
            this.doc = doc;
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
            if (doc == null || doc.isBlank()) {
                throw new IllegalStateException("key " + path + " needs a doc before its type");
            }
            return new TypedBuilder<>(this, reader);
        }
    }

    /** The second step of a key definition: the type is known; checks and conversions may follow. */
    static final class TypedBuilder<T> {
        private final Builder untyped;
        private final ValueReader<T> reader;

        private TypedBuilder(Builder untyped, ValueReader<T> reader) {
            this.untyped = untyped;
            this.reader = reader;
        }

        /** Adds a check; checks run in the order they are added, after the type conversion. */
        TypedBuilder<T> check(ValueCheck<? super T> check) {
            return new TypedBuilder<>(untyped, reader.check(check));
        }

        /**
         * Converts the checked value, e.g. a name into an enum constant; an
         * {@link IllegalArgumentException} from {@code convert} is reported against the key.
         */
        <R> TypedBuilder<R> map(Function<? super T, ? extends R> convert) {
            return new TypedBuilder<>(untyped, reader.map(convert));
        }

        ConfigKey<T> create() {
            ConfigKey<T> key = new ConfigKey<>(untyped.path, untyped.doc, reader);
            untyped.onCreate.accept(key);
            return key;
        }
    }
}
