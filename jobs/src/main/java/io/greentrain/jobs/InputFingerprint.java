package io.greentrain.jobs;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.SerializableConfiguration;
import scala.Tuple2;

/**
 * A SHA-256 fingerprint of a run's input data, recorded with the model so that anyone can tell
 * which bytes it was trained on. Each file is hashed by an executor; the fingerprint is the SHA-256
 * of the sorted lines {@code <file hash>  <file name>}, so it does not depend on file order or on
 * the folder the files were copied to.
 */
public final class InputFingerprint {

    private InputFingerprint() {
    }

    /** The fingerprint of {@code files} (Hadoop FS paths), as lower-case hex. */
    public static String sha256(JavaSparkContext sc, List<String> files) {
        SerializableConfiguration conf = new SerializableConfiguration(sc.hadoopConfiguration());
        List<String> lines = sc.parallelize(files, Math.max(1, Math.min(files.size(), sc.defaultParallelism())))
                .map(file -> new Tuple2<>(file, fileSha256(file, conf)))
                .map(t -> t._2() + "  " + new Path(t._1()).getName())
                .collect();
        return sha256Hex(String.join("\n", lines.stream().sorted().toList()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
