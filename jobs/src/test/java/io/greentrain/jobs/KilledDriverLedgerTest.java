package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.greentrain.energy.ledger.LedgerEntry;
import io.greentrain.energy.ledger.LedgerReader;
import io.greentrain.energy.ledger.LedgerVerifier;
import io.greentrain.energy.ledger.RunVerification;
import io.greentrain.formats.JsonFiles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A driver killed with SIGKILL in the middle of the Ames pipeline, started as a child JVM the way a scheduler starts
 * it: its ledger verifies as intact but unsealed; running the same command again skips the finished steps,
 * continues the chain, seals it (the seal covers the killed application's lines too) and records the head hash in
 * {@code summary.json}, and no window of either application is written twice. The first 600 Ames rows.
 */
class KilledDriverLedgerTest {

    private static final Duration STEP_WAIT = Duration.ofMinutes(4);

    @TempDir
    Path work;

    @Test
    void aKilledDriverLeavesAnUnsealedChainThatTheReRunContinuesAndSeals() throws Exception {
        Path sample = work.resolve("ames-sample.csv");
        try (Stream<String> lines = Files.lines(Path.of(AmesPipelineEndToEndTest.AMES_CSV))) {
            Files.write(sample, lines.limit(601).toList());
        }
        Path output = work.resolve("run");
        List<String> command = pipelineCommand(sample, output);
        RunLayout layout = new RunLayout(output.toString());

        Process killed = start(command, work.resolve("killed.log"));
        try {
            // Kill once clean and convert are committed and training has begun: mid-run, with segments written.
            waitFor(() -> Files.exists(Path.of(layout.marker("convert"))), killed, "the convert step's marker");
            waitFor(() -> segmentsIn(output.resolve("ledger/run=run")) > 0, killed, "a ledger segment");
        } finally {
            killed.destroyForcibly(); // SIGKILL: no shutdown hook, no plugin shutdown, no seal
            killed.waitFor(60, TimeUnit.SECONDS);
        }
        assertThat(Files.exists(Path.of(layout.marker("evaluate")))).as("killed before the pipeline finished")
                .isFalse();
        FileSystem fs = FileSystem.getLocal(new Configuration());
        org.apache.hadoop.fs.Path ledger = new org.apache.hadoop.fs.Path(layout.ledger());
        RunVerification afterKill = new LedgerVerifier(fs, ledger).verify("run");
        assertThat(afterKill.status()).as(afterKill.describe()).isEqualTo(RunVerification.Status.UNSEALED);
        assertThat(afterKill.describe()).contains("intact but unsealed (the run did not finish");

        Process rerun = start(command, work.resolve("rerun.log"));
        assertThat(rerun.waitFor(STEP_WAIT.toSeconds(), TimeUnit.SECONDS)).as("the re-run finishes").isTrue();
        String rerunLog = Files.readString(work.resolve("rerun.log"), StandardCharsets.UTF_8);
        assertThat(rerun.exitValue()).as(rerunLog).isZero();

        RunVerification sealed = new LedgerVerifier(fs, ledger).verify("run");
        assertThat(sealed.status()).as(sealed.describe()).isEqualTo(RunVerification.Status.SEALED);
        assertThat(sealed.seal().reason()).isEqualTo("completed");
        assertThat(sealed.entries()).isGreaterThan(afterKill.entries());
        assertThat(rerunLog).contains("ledger    head " + sealed.headHash() + " (sealed, completed)");
        JsonNode carbon = JsonFiles.read(layout.summary(), new Configuration()).path("carbon");
        assertThat(carbon.path("ledgerHeadHash").asText()).isEqualTo(sealed.headHash());
        assertThat(carbon.path("ledgerStatus").asText()).isEqualTo("sealed");

        List<LedgerEntry> entries;
        try (Stream<LedgerEntry> stream = new LedgerReader(fs, ledger).entries("run")) {
            entries = stream.toList();
        }
        // The seal covers both applications: the killed one never sealed its lines.
        assertThat(sealed.seal().firstSequence()).isZero();
        assertThat(sealed.seal().energyEntries()).isEqualTo(entries.size());
        Set<String> applications = entries.stream().map(LedgerEntry::applicationId).collect(Collectors.toSet());
        assertThat(applications).hasSize(2);
        // No window of an application is written twice, and the re-run did not redo (or charge) the skipped steps.
        assertThat(entries.stream().map(e -> List.of(e.applicationId(), e.executorId(), e.device(), e.phase(),
                e.windowStart()))).doesNotHaveDuplicates();
        String rerunApplication = entries.get(entries.size() - 1).applicationId();
        assertThat(entries).filteredOn(e -> e.applicationId().equals(rerunApplication))
                .extracting(LedgerEntry::phase).doesNotContain("clean", "convert");
        assertThat(rerunLog).contains("skipped: finished at");
    }

    /** The pipeline as a scheduler runs it: a JVM of its own, with this test JVM's flags and class path. */
    private static List<String> pipelineCommand(Path sample, Path output) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!flag.startsWith("-javaagent") && !flag.startsWith("-agentlib")) {
                command.add(flag);
            }
        }
        command.add("-Dspark.greentrain.energy.ledger.flushInterval=1s");
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(GreentrainMain.class.getName());
        command.addAll(List.of("pipeline", "--config", AmesPipelineEndToEndTest.AMES_CONF, "--input",
                sample.toString(), "--output", output.toString(), "--set", "greentrain.train.epochs=3"));
        return command;
    }

    private static Process start(List<String> command, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return builder.start();
    }

    private interface Condition {
        boolean holds() throws IOException;
    }

    private static void waitFor(Condition condition, Process process, String what) throws Exception {
        long deadline = System.nanoTime() + STEP_WAIT.toNanos();
        while (!condition.holds()) {
            assertThat(process.isAlive()).as("the pipeline ended (exit %s) before %s appeared",
                    process.isAlive() ? "-" : process.exitValue(), what).isTrue();
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static long segmentsIn(Path run) throws IOException {
        if (!Files.isDirectory(run)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(run)) {
            return files.filter(file -> file.getFileName().toString().startsWith("segment-")).count();
        }
    }
}
