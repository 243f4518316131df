package io.greentrain.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on this machine: one Master and {@code workers} Workers, each a JVM of
 * its own started from a Spark home made of Maven jars, every socket on 127.0.0.1. Logs and work
 * folders go under one directory. {@link #close()} stops every process it started, executors
 * included, by PID.
 */
final class StandaloneCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path sparkHome;
    private final Path dir;
    private final List<String> jvmFlags;
    private final List<Process> processes = new ArrayList<>();
    private final int masterPort;
    private final int masterUiPort;

    private StandaloneCluster(Path sparkHome, Path dir, List<String> jvmFlags) throws IOException {
        this.sparkHome = sparkHome;
        this.dir = dir;
        this.jvmFlags = jvmFlags;
        this.masterPort = freePort();
        this.masterUiPort = freePort();
    }

    /**
     * Starts a master and {@code workers} workers of {@code cores} cores and {@code memory} each, and
     * waits until every worker has registered.
     */
    static StandaloneCluster start(Path sparkHome, Path dir, List<String> jvmFlags, int workers, int cores,
                                   String memory, long timeoutMillis) throws IOException, InterruptedException {
        StandaloneCluster cluster = new StandaloneCluster(sparkHome, dir, jvmFlags);
        try {
            cluster.launch("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", String.valueOf(cluster.masterPort), "--webui-port", String.valueOf(cluster.masterUiPort));
            for (int i = 0; i < workers; i++) {
                Path work = Files.createDirectories(dir.resolve("worker-" + i + "-work"));
                cluster.launch("worker-" + i, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--cores", String.valueOf(cores), "--memory", memory,
                        "--webui-port", String.valueOf(freePort()), "--work-dir", work.toString(), cluster.masterUrl());
            }
            cluster.awaitWorkers(workers, timeoutMillis);
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** The environment every Spark JVM of the cluster and its clients needs. */
    Map<String, String> environment() {
        return Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.12",
                "SPARK_LOCAL_IP", "127.0.0.1", "SPARK_LOCAL_DIRS", dir.resolve("local").toString());
    }

    /** {@code java FLAGS -cp SPARK_HOME/jars/* extraJvmArgs... mainClass args...}, for this cluster's JVMs and clients. */
    List<String> javaCommand(List<String> extraJvmArgs, String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(extraJvmArgs);
        command.add("-cp");
        command.add(sparkHome.resolve("jars") + "/*");
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** Starts {@code command} with the cluster's environment, output to {@code DIR/<name>.log}; stopped by {@link #close()}. */
    Process startProcess(String name, List<String> command) throws IOException {
        Files.createDirectories(dir.resolve("local"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        builder.environment().putAll(environment());
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private void launch(String name, String mainClass, String... args) throws IOException {
        startProcess(name, javaCommand(List.of("-Xmx512m"), mainClass, args));
    }

    private void awaitWorkers(int workers, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        String seen = "no answer";
        while (System.currentTimeMillis() < deadline) {
            for (Process process : processes) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("a cluster JVM exited with " + process.exitValue() + "; see " + dir);
                }
            }
            try (InputStream in = new URL("http://127.0.0.1:" + masterUiPort + "/json/").openStream()) {
                JsonNode state = JSON.readTree(in);
                seen = state.path("aliveworkers").asText();
                if (state.path("aliveworkers").asInt() >= workers) {
                    return;
                }
            } catch (IOException e) {
                seen = e.toString();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(workers + " workers did not register in " + timeoutMillis + " ms (last: " + seen
                + "); see " + dir);
    }

    /** Stops the executors, workers and master: SIGTERM to every process and its descendants, then SIGKILL. */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>();
        for (Process process : processes) {
            process.descendants().forEach(all::add);
            all.add(process.toHandle());
        }
        all.forEach(ProcessHandle::destroy);
        long deadline = System.currentTimeMillis() + 20_000;
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
        processes.clear();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
