package io.greentrain.preprocessing;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/** Column references for user-declared names, which may hold dots, spaces or backticks. */
public final class ColumnNames {

    private ColumnNames() {
    }

    /** A reference to the column named exactly {@code name}. */
    public static Column quoted(String name) {
        return functions.col("`" + name.replace("`", "``") + "`");
    }
}
