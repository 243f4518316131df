import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs the DuckDB side of scripts/bench/tabular.sh: the statements of one SQL file (separated by a
 * semicolon at the end of a line) on an in-memory database over JDBC, then prints the rows of the last
 * statement, a query of (name, count) pairs, one "name count" line each.
 *
 *   java -cp duckdb_jdbc.jar:CLASSES DuckDbClean FILE.sql
 */
public final class DuckDbClean {
    private DuckDbClean() {
    }

    public static void main(String[] args) throws Exception {
        String[] statements = Files.readString(Path.of(args[0])).split(";\\s*\\n");
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
             Statement statement = connection.createStatement()) {
            for (int i = 0; i < statements.length - 1; i++) {
                execute(statement, statements[i]);
            }
            try (ResultSet counts = statement.executeQuery(statements[statements.length - 1])) {
                while (counts.next()) {
                    System.out.println(counts.getString(1) + " " + counts.getLong(2));
                }
            }
        }
    }

    private static void execute(Statement statement, String sql) throws SQLException {
        if (!sql.isBlank()) {
            statement.execute(sql);
        }
    }
}
