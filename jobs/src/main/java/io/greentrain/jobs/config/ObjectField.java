package io.greentrain.jobs.config;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.util.Objects;

/**
 * One field of the objects inside a list key, such as the {@code min} of a column object: its
 * name, how its value is read and checked, whether it may be left out and what it then means.
 * Immutable.
 *
 * @param <T> the type of the field's value
 */
final class ObjectField<T> {

    private enum Presence { REQUIRED, OPTIONAL, DEFAULTED }

    private final String name;
    private final ValueReader<T> reader;
    private final Presence presence;
    private final ConfigValue defaultValue;
    private final String doc;

    private ObjectField(String name, ValueReader<T> reader, Presence presence, ConfigValue defaultValue, String doc) {
        this.name = Objects.requireNonNull(name, "name");
        this.reader = Objects.requireNonNull(reader, "reader");
        this.presence = presence;
        this.defaultValue = defaultValue;
        this.doc = Objects.requireNonNull(doc, "doc");
    }

    /** A field every object must set. */
    static <T> ObjectField<T> required(String name, ValueReader<T> reader, String doc) {
        return new ObjectField<>(name, reader, Presence.REQUIRED, null, doc);
    }

    /** A field that may be left out; its value is then null. */
    static <T> ObjectField<T> optional(String name, ValueReader<T> reader, String doc) {
        return new ObjectField<>(name, reader, Presence.OPTIONAL, null, doc);
    }

    /**
     * A field that may be left out; its value is then {@code defaultValue} (a string, number or
     * boolean as it would be written in the file), read by the same reader as a value that is set.
     */
    static <T> ObjectField<T> withDefault(String name, ValueReader<T> reader, Object defaultValue, String doc) {
        return new ObjectField<>(name, reader, Presence.DEFAULTED, ConfigValueFactory.fromAnyRef(defaultValue), doc);
    }

    String name() {
        return name;
    }

    String typeDescription() {
        return reader.typeDescription();
    }

    String doc() {
        return doc;
    }

    boolean isRequired() {
        return presence == Presence.REQUIRED;
    }

    /** How the reference shows the default: the value as JSON, "required", or "none" for an optional field. */
    String defaultDescription() {
        return switch (presence) {
            case REQUIRED -> "required";
            case OPTIONAL -> "none";
            case DEFAULTED -> defaultValue.render(ConfigRenderOptions.concise());
        };
    }

    /**
     * Reads the field's value, or its default when {@code value} is null (the field was left out).
     *
     * @param where the field's full path, e.g. {@code greentrain.clean.columns[3].min}
     * @return the value; null only for a left-out optional field
     */
    T read(ConfigValue value, String where) {
        if (value != null) {
            return reader.read(value, where);
        }
        return presence == Presence.DEFAULTED ? reader.read(defaultValue, where) : null;
    }
}
