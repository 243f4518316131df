package io.greentrain.energy.plugin;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Elects one process per host and application to read host-wide counters, so that co-located
 * executors never count the same joules twice. The winner holds an OS file lock on
 * {@code <dir>/greentrain-energy-<application>.lock}; the lock dies with its process, so another
 * executor takes over at its next attempt if the reader exits.
 */
final class HostElection implements AutoCloseable {

    private final Path lockFile;
    private FileChannel channel;
    private FileLock lock;

    HostElection(Path directory, String applicationId) {
        this.lockFile = directory.resolve("greentrain-energy-" + applicationId.replaceAll("[^A-Za-z0-9._-]", "_") + ".lock");
    }

    /** Tries to become (or stay) this host's reader; true while this process holds the lock. */
    synchronized boolean tryLead() {
        if (lock != null && lock.isValid()) {
            return true;
        }
        try {
            if (channel == null) {
                Files.createDirectories(lockFile.getParent());
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            }
            lock = channel.tryLock();
            return lock != null;
        } catch (IOException | OverlappingFileLockException e) {
            // Another plugin instance in this JVM (or another process) holds it.
            return false;
        }
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
