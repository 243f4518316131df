package io.greentrain.jobs;

import io.greentrain.preprocessing.tabular.CsvInputFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.SerializableConfiguration;

/**
 * A SHA-256 fingerprint of a run's input data, recorded with the model so that anyone can tell
 * which bytes it was trained on. Each file is hashed by an executor (by the driver when all of them
 * are small); the fingerprint is the SHA-256 of the sorted lines {@code <file hash>  <file name>}, so
 * it does not depend on file order or on the folder the files were copied to.
 */
public final class InputFingerprint {

    private InputFingerprint() {
    }

    /**
     * Up to this many bytes in all, the files are hashed by the driver, one after the other, rather than by a
     * Spark job: for a small input the job's scheduling costs more than reading it. The fingerprint is the same.
     */
    static final long DRIVER_HASH_LIMIT_BYTES = 16L << 20;

    /** The fingerprint of {@code files} (Hadoop FS paths), as lower-case hex. */
    public static String sha256(JavaSparkContext sc, List<String> files) {
        SerializableConfiguration conf = new SerializableConfiguration(sc.hadoopConfiguration());
        return CsvInputFiles.storedBytes(files, conf.value()) <= DRIVER_HASH_LIMIT_BYTES ? sha256OnDriver(files, conf)
                : sha256OnExecutors(sc, files, conf);
    }

    /** The fingerprint as {@link #sha256} gives it, each file hashed by an executor (one Spark job). */
    static String sha256OnExecutors(JavaSparkContext sc, List<String> files, SerializableConfiguration conf) {
        List<String> lines = sc.parallelize(files, Math.max(1, Math.min(files.size(), sc.defaultParallelism())))
                .map(file -> fileLine(file, conf))
                .collect();
        return fingerprint(lines);
    }

    /** The fingerprint as {@link #sha256} gives it, every file hashed by the calling thread. */
    static String sha256OnDriver(List<String> files, SerializableConfiguration conf) {
        List<String> lines = new ArrayList<>();
        for (String file : files) {
            try {
                lines.add(fileLine(file, conf));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read input file " + file + " to fingerprint it", e);
            }
        }
        return fingerprint(lines);
    }

    /** {@code <file hash>  <file name>}. */
    private static String fileLine(String file, SerializableConfiguration conf) throws IOException {
        return fileSha256(file, conf) + "  " + new Path(file).getName();
    }

    private static String fingerprint(List<String> fileLines) {
        return sha256Hex(String.join("\n", fileLines.stream().sorted().toList())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String fileSha256(String file, SerializableConfiguration conf) throws IOException {
        Path path = new Path(file);
        FileSystem fs = path.getFileSystem(conf.value());
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = fs.open(path)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
