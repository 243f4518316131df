package io.greentrain.preprocessing.text.read;

import io.greentrain.preprocessing.text.TextColumns;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.TaskCompletionListener;
import org.apache.spark.util.SerializableConfiguration;

/**
 * Reads a text corpus into one row per document with the columns {@link #SCHEMA} (see {@link TextColumns}).
 *
 * <p>Inputs are Hadoop paths or globs (so {@code hdfs://} works); a directory stands for every file under it,
 * recursively; files and folders whose names start with {@code .} or {@code _} are skipped. Files are listed on the
 * driver, sorted, and read whole on the executors (one task per group of files; each file must fit in an executor's
 * memory), except plain text split into records ({@link ReaderSpec#recordSeparator()}), which is streamed a line at a
 * time. Bytes that do not decode are replaced by U+FFFD and counted, never fatal; records that do not parse are
 * kept with a {@code read_error} rather than dropped.
 */
public final class TextCorpusReader {

    /** doc_id, source, record_index, source_id, text, encoding_errors, attachments_dropped, read_error. */
    public static final StructType SCHEMA = new StructType()
            .add(TextColumns.DOC_ID, DataTypes.StringType, false)
            .add(TextColumns.SOURCE, DataTypes.StringType, false)
            .add(TextColumns.RECORD_INDEX, DataTypes.LongType, false)
            .add("source_id", DataTypes.StringType, true)
            .add(TextColumns.TEXT, DataTypes.StringType, false)
            .add(TextColumns.ENCODING_ERRORS, DataTypes.IntegerType, false)
            .add(TextColumns.ATTACHMENTS_DROPPED, DataTypes.IntegerType, false)
            .add(TextColumns.READ_ERROR, DataTypes.StringType, true);

    private TextCorpusReader() {
    }

    /**
     * The documents of the files matched by {@code inputs}.
     *
     * @throws IllegalArgumentException when an input matches no file
     */
    public static Dataset<Row> read(SparkSession spark, ReaderSpec spec, List<String> inputs) {
        List<String> files = listFiles(spark.sparkContext().hadoopConfiguration(), inputs);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SerializableConfiguration conf = new SerializableConfiguration(spark.sparkContext().hadoopConfiguration());
        int slices = Math.max(1, Math.min(files.size(), jsc.defaultParallelism() * 4));
        JavaRDD<Row> rows = jsc.parallelize(files, slices).flatMap(file -> readFile(file, spec, conf.value()));
        return spark.createDataFrame(rows, SCHEMA);
    }

    /**
     * The files {@code inputs} stand for, qualified and sorted: an input that exists is taken literally,
     * one that does not is tried as a glob; folders are listed recursively, hidden files left out.
     *
     * @throws IllegalArgumentException naming the input that matches no file
     */
    public static List<String> listFiles(Configuration conf, List<String> inputs) {
        TreeSet<String> files = new TreeSet<>();
        try {
            for (String input : inputs) {
                Path pattern = new Path(input);
                FileSystem fs = pattern.getFileSystem(conf);
                // A path that exists is taken literally: names with brackets or braces are not globs then.
                FileStatus[] matches = fs.exists(pattern) ? new FileStatus[] {fs.getFileStatus(pattern)}
                        : fs.globStatus(pattern);
                if (matches == null || matches.length == 0) {
                    throw new IllegalArgumentException("text input matches no file: " + input);
                }
                for (FileStatus match : matches) {
                    if (match.isFile()) {
                        files.add(match.getPath().toString());
                        continue;
                    }
                    RemoteIterator<LocatedFileStatus> listing = fs.listFiles(match.getPath(), true);
                    while (listing.hasNext()) {
                        Path path = listing.next().getPath();
                        if (!hidden(path, match.getPath())) {
                            files.add(path.toString());
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list text inputs " + inputs, e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("text inputs hold no file: " + inputs);
        }
        return new ArrayList<>(files);
    }

    private static boolean hidden(Path path, Path root) {
        for (Path p = path; p != null && !p.equals(root); p = p.getParent()) {
            if (p.getName().startsWith(".") || p.getName().startsWith("_")) {
                return true;
            }
        }
        return false;
    }

    /** The documents of one file (executor side). */
    static Iterator<Row> readFile(String file, ReaderSpec spec, Configuration conf) throws IOException {
        Path path = new Path(file);
        if (spec.recordSeparator() != null) {
            SeparatedRecords records = new SeparatedRecords(path.getFileSystem(conf).open(path),
                    spec.recordSeparatorPattern(), spec.resolvedCharset());
            TaskContext task = TaskContext.get();
            if (task != null) {
                // A task that fails or stops early does not read to the end, where the records close themselves.
                task.addTaskCompletionListener((TaskCompletionListener) context -> records.close());
            }
            return recordRows(file, records);
        }
        byte[] bytes;
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            bytes = in.readAllBytes();
        }
        return documents(file, bytes, spec).iterator();
    }

    /** The documents of a file's bytes. */
    public static List<Row> documents(String source, byte[] bytes, ReaderSpec spec) {
        Charset charset = spec.resolvedCharset();
        List<Row> rows = new ArrayList<>();
        switch (spec.format()) {
            case EMAIL -> {
                ParsedEmail email = EmailParser.parse(bytes, charset, spec.keepSubject());
                rows.add(row(source, 0, null, email.text(), email.encodingErrors(), email.attachmentsDropped(), null));
            }
            case TEXT_FILE -> {
                if (spec.recordSeparator() != null) {
                    recordRows(source, new SeparatedRecords(new ByteArrayInputStream(bytes),
                            spec.recordSeparatorPattern(), charset)).forEachRemaining(rows::add);
                } else {
                    DecodedText decoded = TextDecoding.decode(bytes, charset);
                    rows.add(row(source, 0, null, decoded.text(), decoded.encodingErrors(), 0, null));
                }
            }
            case TEXT_LINE -> {
                int start = 0;
                long lineNumber = 0;
                for (int i = 0; i <= bytes.length; i++) {
                    if (i == bytes.length || bytes[i] == '\n') {
                        DecodedText line = TextDecoding.decode(bytes, start, i - start, charset);
                        if (!line.text().isBlank()) {
                            rows.add(row(source, lineNumber, null, line.text(), line.encodingErrors(), 0, null));
                        }
                        lineNumber++;
                        start = i + 1;
                    }
                }
            }
            case JSON -> {
                DecodedText decoded = TextDecoding.decode(bytes, charset);
                int[] first = {decoded.encodingErrors()};
                JsonRecords.forEach(decoded.text(), spec.textFields(), spec.idField(), spec.jsonMaxStringLength(),
                        record -> {
                            // A file's replaced bytes are charged to its first record: they are counted once, exactly.
                            rows.add(row(source, record.index(), record.sourceId(), record.text(), first[0], 0,
                                    record.error()));
                            first[0] = 0;
                        });
                if (rows.isEmpty() && decoded.encodingErrors() > 0) {
                    rows.add(row(source, 0, null, decoded.text(), decoded.encodingErrors(), 0, "no JSON record"));
                }
            }
            default -> throw new IllegalStateException("unknown format " + spec.format());
        }
        return rows;
    }

    private static Iterator<Row> recordRows(String source, SeparatedRecords records) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public Row next() {
                SeparatedRecords.Record record = records.next();
                return row(source, record.index(), null, record.text(), record.encodingErrors(), 0, null);
            }
        };
    }

    private static Row row(String source, long index, String sourceId, String text, int errors, int attachments,
                           String error) {
        return RowFactory.create(docId(source, index), source, index, sourceId, text, errors, attachments, error);
    }

    /** The stable id of record {@code index} of {@code source}: 32 hex digits of SHA-256(source#index). */
    public static String docId(String source, long index) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((source + "#" + index).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(32);
            for (int i = 0; i < 16; i++) {
                hex.append(Character.forDigit((digest[i] >> 4) & 0xF, 16)).append(Character.forDigit(digest[i] & 0xF, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
