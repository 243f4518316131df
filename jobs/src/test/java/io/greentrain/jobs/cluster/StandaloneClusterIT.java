package io.greentrain.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.greentrain.energy.ledger.LedgerEntry;
import io.greentrain.energy.ledger.LedgerReader;
import io.greentrain.formats.JsonFiles;
import io.greentrain.jobs.Job;
import io.greentrain.jobs.JobRunner;
import io.greentrain.jobs.RunLayout;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application jar on a real Spark standalone cluster: a Master and two one-core Workers in JVMs
 * of their own, {@code spark-submit} of the Ames pipeline in client mode, output on the local disk
 * all JVMs share. Runs after {@code package} (failsafe), since it needs the shaded jar. Logs of
 * every JVM are kept under {@code target/standalone-cluster/}.
 */
class StandaloneClusterIT {

    private static final int EPOCHS = 3;

    static StandaloneCluster cluster;
    static Path dir;
    static Path output;
    static int exitCode;
    static JsonNode summary;

    @BeforeAll
    static void submitPipeline() throws IOException, InterruptedException {
        dir = Path.of(System.getProperty("greentrain.itDir", "target/standalone-cluster")).toAbsolutePath();
        deleteRecursively(dir);
        Files.createDirectories(dir);
        output = dir.resolve("run");
        List<String> flags = Arrays.asList(System.getProperty("greentrain.java17Opens").trim().split("\\s+"));
        cluster = StandaloneCluster.start(Path.of(System.getProperty("greentrain.sparkHome")), dir, flags, 2, 1,
                "1536m", 120_000);

        String timeSource = "-Dorg.deeplearning4j.spark.time.TimeSource=org.deeplearning4j.spark.time.SystemClockTimeSource";
        List<String> submit = new ArrayList<>(List.of("--master", cluster.masterUrl(), "--deploy-mode", "client",
                "--class", "io.greentrain.jobs.GreentrainMain",
                "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.ui.enabled=false",
                "--conf", "spark.executor.memory=1g",
                "--conf", "spark.executor.cores=1",
                "--conf", "spark.cores.max=2",
                "--conf", "spark.executor.extraJavaOptions=" + timeSource,
                System.getProperty("greentrain.appJar"),
                "pipeline", "--config", Path.of("../data/ames/ames-housing.conf").toAbsolutePath().normalize().toString(),
                "--input", Path.of("../data/ames/ames_housing.csv").toAbsolutePath().normalize().toString(),
                "--output", output.toString(), "--set", "greentrain.train.epochs=" + EPOCHS));
        Process process = cluster.startProcess("spark-submit", cluster.javaCommand(List.of("-Xmx2g", timeSource),
                "org.apache.spark.deploy.SparkSubmit", submit.toArray(String[]::new)));
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroy();
            throw new IllegalStateException("spark-submit did not finish in 10 minutes; see " + dir);
        }
        exitCode = process.exitValue();
        Path summaryFile = output.resolve("summary.json");
        summary = Files.exists(summaryFile) ? JsonFiles.read(summaryFile.toString(), new Configuration()) : null;
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void thePipelineFinishesWithTestMetrics() {
        assertThat(exitCode).as("spark-submit exit code; log in %s", dir.resolve("spark-submit.log")).isZero();
        assertThat(summary).as("summary.json").isNotNull();
        assertThat(summary.path("sparkApplicationId").asText()).startsWith("app-");
        assertThat(summary.path("train").path("epochs").asInt()).isEqualTo(EPOCHS);
        assertThat(summary.path("test").path("rows").asLong()).isPositive();
        assertThat(summary.path("test").path("rmse").asDouble()).isPositive();
        assertThat(summary.path("test").path("r2").isNumber()).isTrue();
        for (String step : List.of("clean", "convert", "train", "evaluate")) {
            assertThat(Path.of(new RunLayout(output.toString()).marker(step))).isRegularFile();
        }
    }

    @Test
    void bothExecutorsRanTrainingTasks() {
        assertThat(summary).as("summary.json").isNotNull();
        Set<String> trainingExecutors = new TreeSet<>();
        for (JsonNode binding : summary.path("train").path("gpuBindings")) {
            trainingExecutors.add(binding.path("executorId").asText());
            assertThat(binding.path("outcome").asText()).isEqualTo("no-gpu-assigned");
            assertThat(binding.path("tasks").asLong()).isPositive();
        }
        assertThat(trainingExecutors).as("executors that ran DL4J worker tasks").containsExactly("0", "1");
        assertThat(summary.path("energy").path("byExecutor").has("0")).isTrue();
        assertThat(summary.path("energy").path("byExecutor").has("1")).isTrue();
    }

    @Test
    void eachTrainingExecutorHasTrainEntriesInALedgerThatVerifies() throws IOException {
        String ledger = new RunLayout(output.toString()).ledger();
        FileSystem fs = FileSystem.getLocal(new Configuration());
        List<LedgerEntry> entries;
        try (Stream<LedgerEntry> stream = new LedgerReader(fs, new org.apache.hadoop.fs.Path(ledger)).entries()) {
            entries = stream.toList();
        }
        Set<String> trainExecutors = entries.stream().filter(e -> e.phase().startsWith("train/"))
                .filter(e -> e.joules() > 0).map(LedgerEntry::executorId).collect(Collectors.toCollection(TreeSet::new));
        assertThat(trainExecutors).contains("0", "1");
        assertThat(entries.stream().map(LedgerEntry::applicationId).distinct())
                .containsExactly(summary.path("sparkApplicationId").asText());

        ByteArrayOutputStream verifyOut = new ByteArrayOutputStream();
        int verified = JobRunner.run(Job.LEDGER, new String[] {"verify", ledger},
                new PrintStream(verifyOut, true, StandardCharsets.UTF_8), System.err);
        assertThat(verified).isZero();
        assertThat(verifyOut.toString(StandardCharsets.UTF_8)).contains("intact");
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
