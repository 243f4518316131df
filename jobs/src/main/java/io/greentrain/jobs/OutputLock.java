package io.greentrain.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.formats.JsonFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock a run holds on its output folder, {@code OUTPUT/_greentrain.lock}, so that a second run
 * on the same folder is refused instead of deleting the first one's outputs under it. The file
 * records the holder's process id, host, start and a heartbeat that a daemon thread renews every
 * {@link #HEARTBEAT}. A lock is stale, and is taken over, when its heartbeat is older than
 * {@link #STALE_AFTER} or its holder was a process on this host that no longer runs: a crashed run
 * never blocks the folder for long. Creation uses the file system's create-if-absent (atomic on
 * HDFS and local disks). Driver-only.
 */
final class OutputLock implements AutoCloseable {

    static final String FILE_NAME = "_greentrain.lock";
    static final Duration HEARTBEAT = Duration.ofSeconds(20);
    static final Duration STALE_AFTER = Duration.ofMinutes(2);

    private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);

    private final Path file;
    private final Configuration conf;
    private final ObjectNode holder;
    private final ScheduledExecutorService heartbeat;

    private OutputLock(Path file, Configuration conf, ObjectNode holder) {
        this.file = file;
        this.conf = conf;
        this.holder = holder;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "greentrain-output-lock-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        heartbeat.scheduleWithFixedDelay(this::renew, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lock of {@code layout}'s output folder, creating the folder.
     *
     * @throws IllegalArgumentException one line naming the holder when another live run holds it,
     *                                  or the folder when it cannot be written
     */
    static OutputLock acquire(RunLayout layout, Configuration conf) {
        Path file = new Path(layout.outputDir(), FILE_NAME);
        ObjectNode holder = JsonFiles.newObject();
        holder.put("pid", ProcessHandle.current().pid());
        holder.put("host", hostName());
        holder.put("startedAt", Instant.now().toString());
        try {
            FileSystem fs = file.getFileSystem(conf);
            for (int attempt = 0; attempt < 2; attempt++) {
                if (tryCreate(fs, file, holder)) {
                    return new OutputLock(file, conf, holder);
                }
                JsonNode existing = readQuietly(fs, file);
                boolean live = existing == null
                        // Being rewritten by its heartbeat, or not ours to parse: judge by its age alone.
                        ? Instant.ofEpochMilli(modifiedMillis(fs, file)).plus(STALE_AFTER).isAfter(Instant.now())
                        : !isStale(existing, Instant.now());
                if (live) {
                    existing = existing == null ? JsonFiles.newObject() : existing;
                    throw new IllegalArgumentException("output folder " + layout.outputDir() + " is in use by another "
                            + "run (pid " + existing.path("pid").asText() + " on " + existing.path("host").asText()
                            + ", started " + existing.path("startedAt").asText() + "); wait for it to finish, or "
                            + "remove " + file + " if that run is gone");
                }
                LOG.warn("taking over the stale lock {} ({})", file, existing);
                fs.delete(file, false);
            }
            throw new IllegalArgumentException("cannot take the lock " + file + ": another run keeps creating it");
        } catch (org.apache.hadoop.security.AccessControlException | java.nio.file.AccessDeniedException
                 | java.io.FileNotFoundException e) {
            // A local disk reports a folder it may not write to as a file it cannot create.
            throw new IllegalArgumentException("output folder " + layout.outputDir() + " is not writable: "
                    + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the lock " + file, e);
        }
    }

    /** Whether {@code lock}, as read from the file, no longer stands for a live run at {@code now}. */
    static boolean isStale(JsonNode lock, Instant now) {
        Instant alive;
        try {
            alive = Instant.parse(lock.path("heartbeatAt").asText(lock.path("startedAt").asText()));
        } catch (java.time.format.DateTimeParseException e) {
            return true;
        }
        if (alive.plus(STALE_AFTER).isBefore(now)) {
            return true;
        }
        boolean sameHost = lock.path("host").asText().equals(hostName());
        return sameHost && ProcessHandle.of(lock.path("pid").asLong()).map(p -> !p.isAlive()).orElse(true);
    }

    private static boolean tryCreate(FileSystem fs, Path file, ObjectNode holder) throws IOException {
        holder.put("heartbeatAt", Instant.now().toString());
        try (OutputStream out = fs.create(file, false)) {
            out.write(holder.toString().getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (fs.exists(file)) {
                return false;
            }
            throw e;
        }
    }

    private static long modifiedMillis(FileSystem fs, Path file) throws IOException {
        try {
            return fs.getFileStatus(file).getModificationTime();
        } catch (java.io.FileNotFoundException gone) {
            return 0;
        }
    }

    private static JsonNode readQuietly(FileSystem fs, Path file) {
        try {
            return JsonFiles.read(file.toString(), fs.getConf());
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void renew() {
        try {
            holder.put("heartbeatAt", Instant.now().toString());
            try (OutputStream out = file.getFileSystem(conf).create(file, true)) {
                out.write(holder.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.warn("cannot renew the output lock {}: {}", file, e.toString());
        }
    }

    /** Releases the lock: stops the heartbeat and deletes the file. Never throws. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            file.getFileSystem(conf).delete(file, false);
        } catch (IOException | RuntimeException | Error e) {
            LOG.warn("cannot remove the output lock {}: {}", file, e.toString());
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
