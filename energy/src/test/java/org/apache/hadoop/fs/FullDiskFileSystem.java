package org.apache.hadoop.fs;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A local file system whose disk is full for the next {@link #failNextWrites} files created: their first write
 * throws {@link FSError}, as Hadoop's local file system does on {@code ENOSPC}, after the file was created (so a
 * careless writer leaves an empty file behind). In Hadoop's package because {@link FSError}'s constructor is
 * package-private. For tests only.
 */
public class FullDiskFileSystem extends RawLocalFileSystem {

    /** How many of the next created files fail on their first write. */
    public final AtomicInteger failNextWrites = new AtomicInteger();

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        return failingIfFull(super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
                                     Progressable progress) throws IOException {
        return failingIfFull(super.create(f, overwrite, bufferSize, replication, blockSize, progress));
    }

    private FSDataOutputStream failingIfFull(FSDataOutputStream real) throws IOException {
        if (failNextWrites.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
            return real;
        }
        return new FSDataOutputStream(new OutputStream() {
            @Override
            public void write(int b) {
                throw new FSError(new IOException("No space left on device"));
            }

            @Override
            public void write(byte[] b, int off, int len) {
                throw new FSError(new IOException("No space left on device"));
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        }, null);
    }
}
