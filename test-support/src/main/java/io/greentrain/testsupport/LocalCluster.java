package io.greentrain.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * A real multi-JVM Spark on this machine: {@code local-cluster[workers,cores,memory]}, Spark's own
 * test mode, starts each worker's executor in a JVM of its own.
 *
 * <p>Spark launches those JVMs from {@code $SPARK_HOME/jars} and needs {@code SPARK_SCALA_VERSION};
 * the module's build makes that Spark home out of the Maven jars (the parent pom's
 * {@code spark-home-for-tests}) and passes the executor classpath in the system properties below
 * (its {@code executor-classpath-for-tests}, and the module's classes and test classes), so that
 * executors can load what the tests ship to them. A module turns this on with
 * {@code greentrain.localCluster.skip} (see the parent pom).
 *
 * <p>Driver-side only; one cluster per test class, started in {@code @BeforeAll} and {@linkplain #close()
 * closed} in {@code @AfterAll}.
 */
public final class LocalCluster implements AutoCloseable {

    /** System property: the file holding the module's runtime classpath, as Maven's build-classpath wrote it. */
    public static final String EXECUTOR_CLASSPATH_FILE = "greentrain.executorClasspath";
    /** System property: the module's compiled classes. */
    public static final String CLASSES_DIR = "greentrain.classesDir";
    /** System property: the module's compiled test classes. */
    public static final String TEST_CLASSES_DIR = "greentrain.testClassesDir";
    /** How long {@link #start} waits for every executor to register before it gives up. */
    public static final Duration EXECUTORS_TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[(\\d+),\\d+,\\d+]");

    private final JavaSparkContext context;

    private LocalCluster(JavaSparkContext context) {
        this.context = context;
    }

    /**
     * A configuration for {@code local-cluster[workers,coresPerWorker,memoryPerWorkerMb]} named
     * {@code appName}: no UI, the driver on 127.0.0.1, and the executors' classpath from
     * {@link #executorClasspath()}. Set more on the returned object, then {@link #start} it.
     */
    public static SparkConf conf(String appName, int workers, int coresPerWorker, int memoryPerWorkerMb) {
        return new SparkConf()
                .setMaster("local-cluster[" + workers + "," + coresPerWorker + "," + memoryPerWorkerMb + "]")
                .setAppName(appName)
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.executor.extraClassPath", executorClasspath());
    }

    /**
     * Gives each worker, and so each executor, one GPU from {@code discoveryScript} (see
     * {@link #writeGpuDiscoveryScript}), and each task one GPU, so that every task sees an address.
     */
    public static SparkConf withOneGpuPerExecutor(SparkConf conf, Path discoveryScript) {
        return conf
                .set("spark.worker.resource.gpu.amount", "1")
                .set("spark.worker.resource.gpu.discoveryScript", discoveryScript.toString())
                .set("spark.executor.resource.gpu.amount", "1")
                .set("spark.task.resource.gpu.amount", "1");
    }

    /**
     * Starts the cluster of {@code conf} (from {@link #conf}) and waits until the executors of all its
     * workers have registered, so that the first job already runs on every one of them.
     *
     * @throws IllegalArgumentException when the master of {@code conf} is not {@code local-cluster[N,C,M]}
     * @throws IllegalStateException when the executors have not all registered within
     *     {@link #EXECUTORS_TIMEOUT}; the context is stopped then
     */
    public static LocalCluster start(SparkConf conf) throws InterruptedException {
        Matcher master = LOCAL_CLUSTER.matcher(conf.get("spark.master", ""));
        if (!master.matches()) {
            throw new IllegalArgumentException("not a local-cluster[workers,cores,memory] master: "
                    + conf.get("spark.master", "(none)"));
        }
        int workers = Integer.parseInt(master.group(1));
        JavaSparkContext context = new JavaSparkContext(conf);
        long deadline = System.currentTimeMillis() + EXECUTORS_TIMEOUT.toMillis();
        // The driver's block manager is counted too.
        while (context.sc().getExecutorMemoryStatus().size() < workers + 1) {
            if (System.currentTimeMillis() > deadline) {
                int registered = context.sc().getExecutorMemoryStatus().size() - 1;
                context.stop();
                throw new IllegalStateException(registered + " of " + workers + " executors of "
                        + conf.get("spark.master") + " registered within " + EXECUTORS_TIMEOUT);
            }
            Thread.sleep(200);
        }
        return new LocalCluster(context);
    }

    /** The cluster's context; valid until {@link #close()}. */
    public JavaSparkContext context() {
        return context;
    }

    /** Stops the context and with it the workers' and executors' JVMs. */
    @Override
    public void close() {
        context.stop();
    }

    /**
     * The classpath executors need: the module's classes and test classes, then its runtime
     * dependencies, from the three system properties the module's surefire configuration sets, and
     * last this fixture's own classes, which a test class that executors load may refer to.
     *
     * @throws IllegalStateException naming the property when one is not set
     * @throws java.io.UncheckedIOException when the classpath file cannot be read
     */
    public static String executorClasspath() {
        try {
            return property(CLASSES_DIR) + ":" + property(TEST_CLASSES_DIR) + ":"
                    + Files.readString(Path.of(property(EXECUTOR_CLASSPATH_FILE))).trim() + ":"
                    + Path.of(LocalCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + LocalCluster.class, e);
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null) {
            throw new IllegalStateException("system property " + name + " is not set: a local-cluster test runs"
                    + " under the module's surefire configuration (see the parent pom's greentrain.localCluster.skip)");
        }
        return value;
    }

    /**
     * Writes {@code dir/gpu-discovery.sh}, an executable stub of Spark's GPU discovery script. Each
     * call of the script (one per worker) claims the first free address of 0 to 3 under
     * {@code dir/gpu-claims} and reports it, so that every worker gets a different one, as two real
     * GPUs would be; a fifth call fails.
     *
     * @return the script's path
     */
    public static Path writeGpuDiscoveryScript(Path dir) throws IOException {
        Path discovery = dir.resolve("gpu-discovery.sh");
        Files.writeString(discovery, String.join("\n",
                "#!/usr/bin/env bash",
                "dir=\"" + dir.resolve("gpu-claims") + "\"",
                "for address in 0 1 2 3; do",
                "  if mkdir -p \"$dir\" && mkdir \"$dir/$address\" 2>/dev/null; then",
                "    echo \"{\\\"name\\\": \\\"gpu\\\", \\\"addresses\\\": [\\\"$address\\\"]}\"; exit 0",
                "  fi",
                "done",
                "exit 1", ""));
        Files.setPosixFilePermissions(discovery, PosixFilePermissions.fromString("rwxr-xr-x"));
        return discovery;
    }
}
