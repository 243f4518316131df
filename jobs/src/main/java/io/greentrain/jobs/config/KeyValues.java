package io.greentrain.jobs.config;

import com.typesafe.config.Config;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** The validated value of every registered key, read once from a resolved configuration. Immutable. */
final class KeyValues {

    private final Map<ConfigKey<?>, Object> values;

    private KeyValues(Map<ConfigKey<?>, Object> values) {
        this.values = values;
    }

    /**
     * Reads and validates every key, in registry order.
     *
     * @throws ConfigException for the first key whose value is absent, badly typed or invalid
     */
    static KeyValues readAll(Config config, List<ConfigKey<?>> keys) {
        Map<ConfigKey<?>, Object> values = new IdentityHashMap<>();
        for (ConfigKey<?> key : keys) {
            values.put(key, key.read(config));
        }
        return new KeyValues(values);
    }

    /**
     * The key's validated value.
     *
     * @throws IllegalArgumentException when the key was not among those read
     */
    @SuppressWarnings("unchecked")
    <T> T get(ConfigKey<T> key) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException(key.path() + " is not a registered configuration key");
        }
        return (T) values.get(key);
    }
}
