package io.greentrain.jobs.config;

import io.greentrain.preprocessing.tabular.ColumnSpec;
import java.util.List;

/** Looks up the columns declared in {@code greentrain.clean.columns} by name, for the keys that refer to them. */
final class DeclaredColumns {

    private DeclaredColumns() {
    }

    /**
     * The declared column called {@code name}.
     *
     * @param where the path reported when it is not declared, e.g. {@code greentrain.features.numeric[2]}
     * @throws ConfigException when no column has that name; suggests a close one
     */
    static ColumnSpec require(List<ColumnSpec> columns, String name, String where) {
        return columns.stream()
                .filter(column -> column.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new ConfigException(where + ": '" + name + "' is not a declared column in "
                        + GreentrainKeys.CLEAN_COLUMNS.path()
                        + ClosestMatch.hint(columns.stream().map(ColumnSpec::name).toList(), name)));
    }
}
