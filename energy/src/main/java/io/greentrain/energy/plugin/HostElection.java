package io.greentrain.energy.plugin;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A host-wide lock that guards the driver's choice of host reader ({@link HostReaders}): of the processes of one
 * application that share the lock folder, at most one holds {@code <dir>/greentrain-energy-<application>.lock}. The
 * driver decides who reads; this lock only stops two readers where the folder is shared (it is not, between
 * containers, whose temporary folders are private). The lock dies with its process.
 */
final class HostElection implements AutoCloseable {

    private final Path lockFile;
    private FileChannel channel;
    private FileLock lock;

    HostElection(Path directory, String applicationId) {
        this.lockFile = directory.resolve("greentrain-energy-" + applicationId.replaceAll("[^A-Za-z0-9._-]", "_") + ".lock");
    }

    /** What {@link #tryLock} found. */
    enum Outcome {
        /** This process holds the lock. */
        HELD,
        /** Another process (or plugin instance in this JVM) holds it. */
        HELD_ELSEWHERE,
        /** The lock file cannot be created or locked (folder missing and not creatable, read-only, ...). */
        UNAVAILABLE
    }

    /** Tries to take (or keep) the lock; true while this process holds it. */
    synchronized boolean tryLead() {
        return tryLock() == Outcome.HELD;
    }

    /** Tries to take (or keep) the lock, telling a held lock from an unusable folder. */
    synchronized Outcome tryLock() {
        if (lock != null && lock.isValid()) {
            return Outcome.HELD;
        }
        try {
            if (channel == null) {
                Files.createDirectories(lockFile.getParent());
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            }
            lock = channel.tryLock();
            return lock != null ? Outcome.HELD : Outcome.HELD_ELSEWHERE;
        } catch (OverlappingFileLockException e) {
            // Another plugin instance in this JVM holds it.
            return Outcome.HELD_ELSEWHERE;
        } catch (IOException | RuntimeException e) {
            return Outcome.UNAVAILABLE;
        }
    }

    /** The lock file's path, for messages. */
    Path lockFile() {
        return lockFile;
    }

    @Override
    public synchronized void close() {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // Releasing on exit: the OS drops the lock with the process anyway.
        }
        lock = null;
        channel = null;
    }
}
