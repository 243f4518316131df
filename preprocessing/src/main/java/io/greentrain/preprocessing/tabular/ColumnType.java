package io.greentrain.preprocessing.tabular;

import java.util.Locale;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/** The value types a declared column may have, and the Spark SQL type each is stored as. */
public enum ColumnType {
    /** Text, kept exactly as it appears in the file (no trimming). */
    STRING(DataTypes.StringType),
    /** A whole number that fits in 64 bits; {@code 12.0} is accepted, {@code 12.5} is not. */
    LONG(DataTypes.LongType),
    /** A finite double-precision number; {@code NaN} and infinities are rejected. */
    DOUBLE(DataTypes.DoubleType);

    private final DataType sparkType;

    ColumnType(DataType sparkType) {
        this.sparkType = sparkType;
    }

    public DataType sparkType() {
        return sparkType;
    }

    public boolean isNumeric() {
        return this != STRING;
    }

    /** The name used in configuration files: {@code string}, {@code long} or {@code double}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a configuration name ({@code string}, {@code long}/{@code int}, {@code double}).
     *
     * @throws IllegalArgumentException naming the accepted values when {@code name} is not one
     */
    public static ColumnType fromConfigName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "string":
                return STRING;
            case "long":
            case "int":
            case "integer":
                return LONG;
            case "double":
                return DOUBLE;
            default:
                throw new IllegalArgumentException(
                        "unknown column type '" + name + "' (expected string, long or double)");
        }
    }
}
