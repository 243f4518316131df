package io.greentrain.jobs;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.DelegateToFileSystem;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FSError;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.util.Progressable;

/**
 * The local disk under the scheme {@code faulty:}, with two faults a test can switch on: a full disk
 * (creating a file whose path contains {@link #fullDiskUnder} throws Hadoop's {@link FSError}, as
 * the local file system does on {@code ENOSPC}) and a read-only tree (creating anything whose path
 * contains {@link #readOnlyUnder} is refused). Register with
 * {@code spark.hadoop.fs.faulty.impl} and, for {@code FileContext} users, {@link AbstractFaulty} as
 * {@code spark.hadoop.fs.AbstractFileSystem.faulty.impl}; the switches are static, for the one JVM
 * of a local test.
 */
public class FaultyFileSystem extends RawLocalFileSystem {

    static final String SCHEME = "faulty";

    static volatile String fullDiskUnder;
    static volatile String readOnlyUnder;

    @Override
    public URI getUri() {
        return URI.create(SCHEME + ":///");
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public void initialize(URI uri, Configuration conf) throws IOException {
        super.initialize(uri, conf);
        setConf(conf);
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        check(f);
        return super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        check(f);
        return super.create(f, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public FSDataOutputStream createNonRecursive(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                                 short replication, long blockSize, Progressable progress)
            throws IOException {
        check(f);
        return super.createNonRecursive(f, permission, overwrite, bufferSize, replication, blockSize, progress);
    }

    @Override
    public boolean mkdirs(Path f, FsPermission permission) throws IOException {
        if (matches(f, readOnlyUnder)) {
            throw new AccessControlException("Permission denied: " + f + " is on a read-only file system");
        }
        return super.mkdirs(f, permission);
    }

    private static void check(Path f) throws IOException {
        if (matches(f, readOnlyUnder)) {
            throw new AccessControlException("Permission denied: " + f + " is on a read-only file system");
        }
        if (matches(f, fullDiskUnder)) {
            throw fsError(new IOException("No space left on device"));
        }
    }

    private static boolean matches(Path f, String fragment) {
        return fragment != null && f.toUri().getPath().contains(fragment);
    }

    /** {@link FSError}'s constructor is package-private: Hadoop alone raises it. */
    private static FSError fsError(Throwable cause) {
        try {
            Constructor<FSError> constructor = FSError.class.getDeclaredConstructor(Throwable.class);
            constructor.setAccessible(true);
            return constructor.newInstance(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build an FSError", e);
        }
    }

    /** The same file system behind Hadoop's {@code FileContext} API. */
    public static final class AbstractFaulty extends DelegateToFileSystem {

        public AbstractFaulty(URI uri, Configuration conf) throws IOException, java.net.URISyntaxException {
            super(uri, new FaultyFileSystem(), conf, SCHEME, false);
        }
    }
}
