package io.greentrain.jobs.config;

import static io.greentrain.jobs.config.GreentrainKeys.CLEAN_COLUMNS;
import static io.greentrain.jobs.config.GreentrainKeys.FEATURES_CATEGORICAL;
import static io.greentrain.jobs.config.GreentrainKeys.FEATURES_EXCLUDE;
import static io.greentrain.jobs.config.GreentrainKeys.FEATURES_LABEL;
import static io.greentrain.jobs.config.GreentrainKeys.FEATURES_LOG1P;
import static io.greentrain.jobs.config.GreentrainKeys.FEATURES_NUMERIC;

import io.greentrain.preprocessing.tabular.ColumnSpec;
import java.util.List;

/**
 * The feature columns, checked against the declared columns and resolved: an empty
 * {@code features.numeric} means every declared numeric column except the label and the excluded
 * ones; an empty {@code features.categorical} means every declared string column except the
 * excluded ones.
 *
 * @param numeric     the numeric feature columns, in declaration order when resolved
 * @param categorical the string feature columns, in declaration order when resolved
 */
record FeatureColumns(List<String> numeric, List<String> categorical) {

    /**
     * Checks every column the feature keys name and resolves the feature lists. The label is
     * checked only when it is set; jobs that need it ask {@link JobConfig#featureSpec()}, which
     * insists.
     *
     * @throws ConfigException naming the list element at fault, e.g.
     *                         {@code greentrain.features.numeric[2]: 'Foo' is not a declared column ...}
     */
    static FeatureColumns resolve(KeyValues values) {
        List<ColumnSpec> columns = values.get(CLEAN_COLUMNS);
        String label = values.get(FEATURES_LABEL);
        List<String> exclude = values.get(FEATURES_EXCLUDE);

        if (!label.isBlank()) {
            ColumnSpec labelColumn = DeclaredColumns.require(columns, label, FEATURES_LABEL.path());
            requireType(labelColumn, true, FEATURES_LABEL.path());
        }
        forEach(FEATURES_EXCLUDE, exclude, (name, where) -> DeclaredColumns.require(columns, name, where));
        List<String> numeric = explicitOrAll(values.get(FEATURES_NUMERIC), FEATURES_NUMERIC, true, columns, label, exclude);
        List<String> categorical = explicitOrAll(values.get(FEATURES_CATEGORICAL), FEATURES_CATEGORICAL, false, columns, label, exclude);
        forEach(FEATURES_LOG1P, values.get(FEATURES_LOG1P), (name, where) -> {
            ColumnSpec column = DeclaredColumns.require(columns, name, where);
            requireType(column, true, where);
            if (!numeric.contains(name)) {
                throw new ConfigException(where + ": '" + name + "' is not a numeric feature column (it is the label, "
                        + "excluded, or left out of " + FEATURES_NUMERIC.path() + ")");
            }
            if (column.min() == null || column.min() < 0) {
                throw new ConfigException(where + ": log1p needs column '" + name + "' to declare min >= 0 in "
                        + CLEAN_COLUMNS.path() + " (its declared min is " + (column.min() == null ? "none" : column.min())
                        + "; log(1 + x) is undefined below -1)");
            }
        });
        return new FeatureColumns(numeric, categorical);
    }

    private static List<String> explicitOrAll(List<String> listed, ConfigKey<List<String>> key, boolean wantNumeric,
                                              List<ColumnSpec> columns, String label, List<String> exclude) {
        if (listed.isEmpty()) {
            return columns.stream()
                    .filter(column -> column.type().isNumeric() == wantNumeric)
                    .map(ColumnSpec::name)
                    .filter(name -> !name.equals(label) && !exclude.contains(name))
                    .toList();
        }
        forEach(key, listed, (name, where) -> {
            requireType(DeclaredColumns.require(columns, name, where), wantNumeric, where);
            if (name.equals(label)) {
                throw new ConfigException(where + ": '" + name + "' is the label and cannot also be a feature");
            }
            if (exclude.contains(name)) {
                throw new ConfigException(where + ": '" + name + "' is also listed in " + FEATURES_EXCLUDE.path());
            }
        });
        return listed;
    }

    private static void requireType(ColumnSpec column, boolean wantNumeric, String where) {
        if (column.type().isNumeric() != wantNumeric) {
            throw new ConfigException(where + ": column '" + column.name() + "' has type " + column.type().configName()
                    + " but must be " + (wantNumeric ? "numeric (long or double)" : "a string column"));
        }
    }

    /** Calls {@code check} with each element and its path, e.g. {@code greentrain.features.log1p[0]}. */
    private static void forEach(ConfigKey<List<String>> key, List<String> names, ElementCheck check) {
        for (int i = 0; i < names.size(); i++) {
            check.accept(names.get(i), key.path() + "[" + i + "]");
        }
    }

    @FunctionalInterface
    private interface ElementCheck {
        void accept(String name, String where);
    }
}
