package io.greentrain.jobs.config;

import java.util.List;

/**
 * A group of registered configuration keys a pipeline step depends on: one key, or every key of a
 * section such as {@code greentrain.clean}. A group is built from the key registry
 * ({@link GreentrainKeys#all()}), so a group that names no registered key cannot be created, and
 * a key that belongs to no step's group is caught by a test. Immutable and thread-safe.
 *
 * @param path the group's path: a key's path or a section's prefix
 * @param keys the registered keys the group covers, in registry order; never empty
 */
public record KeyGroup(String path, List<ConfigKey<?>> keys) {

    public KeyGroup {
        keys = List.copyOf(keys);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no registered configuration key is " + path + " or under it");
        }
    }

    /**
     * Every registered key under {@code section} (a dotted prefix such as {@code greentrain.clean},
     * or a key's full path).
     *
     * @throws IllegalArgumentException when no registered key is under it
     */
    public static KeyGroup section(String section) {
        return new KeyGroup(section, GreentrainKeys.all().stream().filter(key -> isUnder(key, section)).toList());
    }

    /** The group of the single key {@code key}. */
    public static KeyGroup of(ConfigKey<?> key) {
        return new KeyGroup(key.path(), List.of(key));
    }

    /** Whether {@code key} is in this group. */
    public boolean covers(ConfigKey<?> key) {
        return keys.contains(key);
    }

    private static boolean isUnder(ConfigKey<?> key, String section) {
        return key.path().equals(section) || key.path().startsWith(section + ".");
    }
}
