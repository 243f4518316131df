package io.greentrain.preprocessing.tabular;

import com.univocity.parsers.csv.CsvParser;
import io.greentrain.formats.DecimalNumbers;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Turns one raw CSV line into a typed row, or into a quarantine verdict with a reason and a detail
 * that names the column and value. Runs on executors; one instance serves a whole partition.
 *
 * <p>Rows have the layout of {@link #schema(CleaningSpec)}: source file, byte offset of the line in
 * it, the declared columns, then {@code _reason}, {@code _column} (the declared column at fault,
 * null when the row as a whole is), {@code _detail} (all three null for a valid row) and the raw
 * line. The first failing check (in declared column order) decides the reason.
 *
 * <p>Numbers follow the project's one grammar, {@link DecimalNumbers}: Java's extras ({@code 1.5d},
 * hex floats, {@code NaN}, {@code Infinity}), thousands separators and values too large for a
 * double are {@code invalid_type}. Spaces around a value are allowed.
 */
final class CsvRowParser implements Serializable {

    static final String SOURCE_FILE = "_source_file";
    static final String SOURCE_OFFSET = "_source_offset";
    static final String REASON = "_reason";
    static final String COLUMN = "_column";
    static final String DETAIL = "_detail";
    static final String RAW_LINE = "_raw_line";

    private final CleaningSpec spec;
    private final Map<String, int[]> columnIndexByFile;
    private final Map<String, Integer> fieldCountByFile;
    private final List<Set<String>> categorySets;
    private final Set<String> nullTokens;
    private transient CsvParser parser;

    CsvRowParser(CleaningSpec spec, Map<String, String[]> headerByFile) {
        this.spec = spec;
        this.columnIndexByFile = new HashMap<>();
        this.fieldCountByFile = new HashMap<>();
        headerByFile.forEach((file, header) -> {
            List<String> names = List.of(header);
            columnIndexByFile.put(file, spec.columns().stream().mapToInt(c -> names.indexOf(c.name())).toArray());
            fieldCountByFile.put(file, header.length);
        });
        this.categorySets = spec.columns().stream().map(c -> Set.copyOf(c.categories())).toList();
        this.nullTokens = Set.copyOf(spec.nullTokens());
    }

    /** The cleaning spec the rows are parsed against. */
    CleaningSpec spec() {
        return spec;
    }

    /** The Spark schema of parsed rows for {@code spec}. */
    static StructType schema(CleaningSpec spec) {
        List<StructField> fields = new ArrayList<>();
        fields.add(DataTypes.createStructField(SOURCE_FILE, DataTypes.StringType, false));
        fields.add(DataTypes.createStructField(SOURCE_OFFSET, DataTypes.LongType, false));
        for (ColumnSpec column : spec.columns()) {
            fields.add(DataTypes.createStructField(column.name(), column.type().sparkType(), true));
        }
        fields.add(DataTypes.createStructField(REASON, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(COLUMN, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(DETAIL, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(RAW_LINE, DataTypes.StringType, false));
        return DataTypes.createStructType(fields);
    }

    /** Parses the line at {@code offset} of {@code file}. Never throws on bad data. */
    Row parse(String file, long offset, String line) {
        int[] indexes = columnIndexByFile.get(file);
        if (indexes == null) {
            throw new IllegalStateException("no header was read for input file " + file);
        }
        List<ColumnSpec> columns = spec.columns();
        Object[] values = new Object[columns.size() + 6];
        values[0] = file;
        values[1] = offset;
        values[values.length - 1] = line;

        String[] fields;
        try {
            fields = parser().parseLine(line);
        } catch (RuntimeException e) {
            fields = null;
        }
        int expected = fieldCountByFile.get(file);
        if (fields == null || fields.length != expected) {
            int got = fields == null ? 0 : fields.length;
            return reject(values, QuarantineReason.MALFORMED_ROW, null, "expected " + expected + " fields, found " + got);
        }
        for (int i = 0; i < columns.size(); i++) {
            ColumnSpec column = columns.get(i);
            String raw = fields[indexes[i]];
            Object parsed;
            if (raw == null || nullTokens.contains(raw.trim())) {
                if (column.required()) {
                    return reject(values, QuarantineReason.MISSING_REQUIRED, column, column.name() + " is missing");
                }
                parsed = null;
            } else if (column.type() == ColumnType.STRING) {
                Set<String> allowed = categorySets.get(i);
                if (!allowed.isEmpty() && !allowed.contains(raw)) {
                    return reject(values, QuarantineReason.UNKNOWN_CATEGORY, column,
                            column.name() + " = '" + raw + "' is not a declared category");
                }
                parsed = raw;
            } else {
                String text = raw.trim();
                Double number = parseFinite(text);
                if (number == null) {
                    return reject(values, QuarantineReason.INVALID_TYPE, column,
                            column.name() + " = '" + raw + "' is not a " + column.type().configName());
                }
                if (column.type() == ColumnType.LONG) {
                    Long whole = asLong(text);
                    if (whole == null) {
                        return reject(values, QuarantineReason.INVALID_TYPE, column,
                                column.name() + " = '" + raw + "' is not a whole number");
                    }
                    parsed = whole;
                } else {
                    parsed = number;
                }
                String rangeProblem = rangeProblem(column, number);
                if (rangeProblem != null) {
                    return reject(values, QuarantineReason.OUT_OF_RANGE, column, column.name() + " = " + text + rangeProblem);
                }
            }
            values[2 + i] = parsed;
        }
        return RowFactory.create(values);
    }

    /**
     * The line at {@code offset} of {@code file} as a {@code invalid_encoding} row: its bytes are not
     * UTF-8, so no value of it is trusted.
     */
    Row invalidEncoding(String file, long offset, String line, String problem) {
        Object[] values = new Object[spec.columns().size() + 6];
        values[0] = file;
        values[1] = offset;
        values[values.length - 1] = line;
        return reject(values, QuarantineReason.INVALID_ENCODING, null, "the line is not UTF-8: " + problem);
    }

    /** The index of {@link #REASON} in a parsed row of {@code spec}. */
    static int reasonIndex(CleaningSpec spec) {
        return spec.columns().size() + 2;
    }

    private static Row reject(Object[] values, QuarantineReason reason, ColumnSpec column, String detail) {
        for (int i = 2; i < values.length - 4; i++) {
            values[i] = null;
        }
        values[values.length - 4] = reason.code();
        values[values.length - 3] = column == null ? null : column.name();
        values[values.length - 2] = detail;
        return RowFactory.create(values);
    }

    private static Double parseFinite(String text) {
        return DecimalNumbers.parseFinite(text);
    }

    private static Long asLong(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException notPlain) {
            // Accept "12.0" or "1.2e3", reject "12.5" and values beyond the long range.
            try {
                return new BigDecimal(text).longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                return null;
            }
        }
    }

    private static String rangeProblem(ColumnSpec column, double value) {
        if (column.min() != null && value < column.min()) {
            return " is below min " + column.min();
        }
        if (column.max() != null && value > column.max()) {
            return " is above max " + column.max();
        }
        return null;
    }

    private CsvParser parser() {
        if (parser == null) {
            parser = CsvInputFiles.newParser(spec);
        }
        return parser;
    }
}
