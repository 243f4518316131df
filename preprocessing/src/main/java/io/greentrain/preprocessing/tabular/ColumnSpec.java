package io.greentrain.preprocessing.tabular;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One declared input column: its name in the CSV header, its type and the checks its values must
 * pass. Immutable.
 *
 * @param name       the header name, matched exactly
 * @param type       the value type
 * @param required   whether an empty or null-token value sends the row to quarantine
 *                   ({@code missing_required}); when false such a value becomes SQL NULL
 * @param min        the smallest allowed value (numeric columns), or null for no bound
 * @param max        the largest allowed value (numeric columns), or null for no bound
 * @param categories the allowed values (string columns); empty means any value is allowed
 */
public record ColumnSpec(String name, ColumnType type, boolean required, Double min, Double max,
                         List<String> categories) implements Serializable {

    public ColumnSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        categories = categories == null ? List.of() : List.copyOf(categories);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("column name must not be empty");
        }
        if ((min != null || max != null) && !type.isNumeric()) {
            throw new IllegalArgumentException("column '" + name + "': min/max need a numeric type, not " + type.configName());
        }
        if (!categories.isEmpty() && type != ColumnType.STRING) {
            throw new IllegalArgumentException("column '" + name + "': categories need type string, not " + type.configName());
        }
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("column '" + name + "': min " + min + " is greater than max " + max);
        }
    }

    /** A required column of the given type with no further checks. */
    public static ColumnSpec of(String name, ColumnType type) {
        return new ColumnSpec(name, type, true, null, null, List.of());
    }

    /** The allowed categories as a set, for fast lookup. */
    public Set<String> categorySet() {
        return new TreeSet<>(categories);
    }
}
