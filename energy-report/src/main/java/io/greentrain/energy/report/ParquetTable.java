package io.greentrain.energy.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Writes one of the report's small Parquet tables without Spark, with parquet-hadoop's own writer: a folder holding
 * one {@code part-00000-<uuid>-c000.snappy.parquet} and an empty {@code _SUCCESS}, as Spark writes a table of one
 * partition, with the column types Spark writes (text as UTF-8 strings, {@code bigint}, {@code double}, timestamps as
 * microseconds since the epoch in UTC, lists in Parquet's standard three-level layout), so that Spark, DuckDB or
 * pandas read the same table from either engine's output.
 */
final class ParquetTable {

    /** A column's type, and the Java value a row holds for it. */
    enum Type {
        /** {@link String}. */
        TEXT,
        /** {@link Long}. */
        LONG,
        /** {@link Double}. */
        DOUBLE,
        /** {@link Long}: microseconds since the epoch, UTC. */
        TIMESTAMP,
        /** {@code List<String>} without nulls (Spark's {@code sort_array(collect_set(...))}). */
        TEXT_LIST
    }

    /**
     * One column.
     *
     * @param name     its name
     * @param type     its type
     * @param nullable whether a row may hold null (Spark's nullability: an aggregate's count never is, a sum may be)
     */
    record Column(String name, Type type, boolean nullable) {

        static Column of(String name, Type type) {
            return new Column(name, type, true);
        }

        static Column required(String name, Type type) {
            return new Column(name, type, false);
        }
    }

    private ParquetTable() {
    }

    /**
     * Replaces the folder {@code folder} by a table of {@code columns} holding {@code rows} (values in column order),
     * in the order given.
     *
     * @throws UncheckedIOException naming the folder when it cannot be written
     */
    static void write(String folder, List<Column> columns, List<Object[]> rows, Configuration conf) {
        MessageType schema = schema(columns);
        Path dir = new Path(folder);
        try {
            FileSystem fs = dir.getFileSystem(conf);
            fs.delete(dir, true);
            fs.mkdirs(dir);
            Path file = new Path(dir, "part-00000-" + UUID.randomUUID() + "-c000.snappy.parquet");
            SimpleGroupFactory groups = new SimpleGroupFactory(schema);
            try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(file)
                    .withConf(conf)
                    .withType(schema)
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .build()) {
                for (Object[] row : rows) {
                    writer.write(group(groups.newGroup(), columns, row));
                }
            }
            fs.create(new Path(dir, "_SUCCESS"), true).close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the Parquet table " + folder, e);
        }
    }

    private static MessageType schema(List<Column> columns) {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (Column column : columns) {
            Repetition repetition = column.nullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
            switch (column.type()) {
                case TEXT -> message.addField(Types.primitive(PrimitiveTypeName.BINARY, repetition)
                        .as(LogicalTypeAnnotation.stringType()).named(column.name()));
                case LONG -> message.addField(Types.primitive(PrimitiveTypeName.INT64, repetition)
                        .named(column.name()));
                case DOUBLE -> message.addField(Types.primitive(PrimitiveTypeName.DOUBLE, repetition)
                        .named(column.name()));
                case TIMESTAMP -> message.addField(Types.primitive(PrimitiveTypeName.INT64, repetition)
                        .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
                        .named(column.name()));
                case TEXT_LIST -> message.addField(Types.list(repetition)
                        .requiredElement(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(column.name()));
            }
        }
        return message.named("spark_schema");
    }

    private static Group group(Group group, List<Column> columns, Object[] row) {
        if (row.length != columns.size()) {
            throw new IllegalArgumentException("a row of " + row.length + " values for " + columns.size() + " columns");
        }
        for (int i = 0; i < row.length; i++) {
            Column column = columns.get(i);
            Object value = row[i];
            if (value == null) {
                if (!column.nullable()) {
                    throw new IllegalArgumentException("column " + column.name() + " may not be null");
                }
                continue;
            }
            switch (column.type()) {
                case TEXT -> group.append(column.name(), (String) value);
                case LONG, TIMESTAMP -> group.append(column.name(), ((Number) value).longValue());
                case DOUBLE -> group.append(column.name(), ((Number) value).doubleValue());
                case TEXT_LIST -> {
                    Group list = group.addGroup(column.name());
                    for (Object element : (List<?>) value) {
                        list.addGroup("list").append("element", (String) element);
                    }
                }
            }
        }
        return group;
    }
}
