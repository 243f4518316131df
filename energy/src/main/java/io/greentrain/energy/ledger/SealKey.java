package io.greentrain.energy.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The site key that signs ledger seals ({@link SealRecord#hmac}): the bytes of a file, without the line break an
 * editor or {@code echo} leaves at its end, so that {@code echo secret > key} and a file of random bytes both work.
 * The same reading is used to sign (the plugin) and to check ({@code ledger verify --key}).
 */
public final class SealKey {

    /** A key file larger than this is refused: it is surely not a key. */
    static final int MAX_BYTES = 1 << 16;

    private SealKey() {
    }

    /**
     * The key in {@code file} (any Hadoop file system).
     *
     * @throws IOException if the file cannot be read, is empty (after its trailing line break) or larger than 64 KiB
     */
    public static byte[] read(String file, Configuration conf) throws IOException {
        Path path = new Path(file);
        byte[] bytes;
        try (InputStream in = path.getFileSystem(conf).open(path)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new IOException("the seal key file " + file + " is larger than " + MAX_BYTES + " bytes");
        }
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == '\n' || bytes[end - 1] == '\r')) {
            end--;
        }
        if (end == 0) {
            throw new IOException("the seal key file " + file + " is empty");
        }
        return Arrays.copyOf(bytes, end);
    }
}
