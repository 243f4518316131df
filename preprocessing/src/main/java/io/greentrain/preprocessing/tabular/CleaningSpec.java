package io.greentrain.preprocessing.tabular;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the cleaning step needs to know about its input: the declared columns, how the CSV is
 * written, and the outlier rules. Immutable; built from the job configuration.
 *
 * @param columns     the declared columns; the header of every input file must contain them all
 *                    (in any order); undeclared header columns are dropped and listed in the report
 * @param delimiter   the field separator
 * @param quote       the quote character
 * @param nullTokens  values that mean "missing" (compared after trimming whitespace), e.g. "" and "NA"
 * @param outliers    the outlier rules, applied in order
 * @param deduplicate whether exact duplicate rows (equal in every declared column) are removed
 */
public record CleaningSpec(List<ColumnSpec> columns, char delimiter, char quote, List<String> nullTokens,
                           List<OutlierRule> outliers, boolean deduplicate) implements Serializable {

    public CleaningSpec {
        columns = List.copyOf(columns);
        nullTokens = List.copyOf(nullTokens);
        outliers = List.copyOf(outliers);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("at least one column must be declared");
        }
        long distinct = columns.stream().map(ColumnSpec::name).distinct().count();
        if (distinct != columns.size()) {
            throw new IllegalArgumentException("column names must be unique");
        }
        for (OutlierRule rule : outliers) {
            ColumnSpec column = columns.stream().filter(c -> c.name().equals(rule.column())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "outlier rule names undeclared column '" + rule.column() + "'"));
            if (!column.type().isNumeric()) {
                throw new IllegalArgumentException("outlier rule on '" + rule.column() + "' needs a numeric column");
            }
        }
    }

    public Optional<ColumnSpec> column(String name) {
        Objects.requireNonNull(name, "name");
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * The spec used to score new rows: {@code label} is no longer declared (scoring input need not
     * have it), outlier rules are dropped (every valid row gets a prediction) and nothing is
     * deduplicated (one output row per input row).
     */
    public CleaningSpec forScoring(String label) {
        List<ColumnSpec> withoutLabel = columns.stream().filter(c -> !c.name().equals(label)).toList();
        return new CleaningSpec(withoutLabel, delimiter, quote, nullTokens, List.of(), false);
    }
}
