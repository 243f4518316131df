package io.greentrain.jobs.config;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The fields of the objects inside a list key (column objects, outlier objects) and how a
 * validated object becomes a domain value. Reading an object rejects unknown fields, missing
 * required fields and badly typed values, each in one line naming the field, e.g.
 * {@code greentrain.clean.columns[3].mni: unknown field (did you mean 'min'?)}. Immutable.
 *
 * @param <T> the domain type each object becomes
 */
final class ObjectSchema<T> {

    /** The values of one object's fields, defaults applied, handed to the domain constructor. */
    static final class FieldValues {
        private final Map<ObjectField<?>, Object> values;
        private final Set<ObjectField<?>> explicitlySet;

        private FieldValues(Map<ObjectField<?>, Object> values, Set<ObjectField<?>> explicitlySet) {
            this.values = values;
            this.explicitlySet = explicitlySet;
        }

        /** The field's value or default; null only for a left-out optional field. */
        @SuppressWarnings("unchecked")
        <V> V get(ObjectField<V> field) {
            return (V) values.get(field);
        }

        /** Whether the object sets the field itself (rather than relying on a default). */
        boolean isSet(ObjectField<?> field) {
            return explicitlySet.contains(field);
        }
    }

    private final String objectName;
    private final List<ObjectField<?>> fields;
    private final Function<FieldValues, T> build;

    /**
     * @param objectName what the objects are called in messages and docs, e.g. "column object"
     * @param fields     the fields, in the order the reference lists them
     * @param build      makes the domain value; may throw {@link IllegalArgumentException} or
     *                   {@link ConfigException} (the former is prefixed with the object's path)
     */
    ObjectSchema(String objectName, List<ObjectField<?>> fields, Function<FieldValues, T> build) {
        this.objectName = Objects.requireNonNull(objectName, "objectName");
        this.fields = List.copyOf(fields);
        this.build = Objects.requireNonNull(build, "build");
    }

    String objectName() {
        return objectName;
    }

    List<ObjectField<?>> fields() {
        return fields;
    }

    /** A reader for one object of this schema. */
    ValueReader<T> reader() {
        return ValueReader.custom(objectName, this::read);
    }

    private T read(ConfigValue value, String where) {
        if (value.valueType() != ConfigValueType.OBJECT) {
            throw ValueReader.wrongType(where, "a " + objectName, value);
        }
        ConfigObject object = (ConfigObject) value;
        rejectUnknownFields(object, where);
        Map<ObjectField<?>, Object> values = new HashMap<>();
        Set<ObjectField<?>> explicitlySet = new HashSet<>();
        for (ObjectField<?> field : fields) {
            ConfigValue fieldValue = object.get(field.name());
            if (fieldValue == null && field.isRequired()) {
                throw new ConfigException(where + ": missing required field '" + field.name() + "'");
            }
            if (fieldValue != null) {
                explicitlySet.add(field);
            }
            values.put(field, field.read(fieldValue, where + "." + field.name()));
        }
        try {
            return build.apply(new FieldValues(values, explicitlySet));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": " + e.getMessage(), e);
        }
    }

    private void rejectUnknownFields(ConfigObject object, String where) {
        List<String> known = fields.stream().map(ObjectField::name).toList();
        for (String name : new TreeSet<>(object.keySet())) {
            if (!known.contains(name)) {
                throw new ConfigException(where + "." + name + ": unknown field" + ClosestMatch.hint(known, name)
                        + "; a " + objectName + " has " + String.join(", ", known));
            }
        }
    }
}
