package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.energy.api.Phases;
import io.greentrain.testsupport.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress lines inside a long stage: tasks done and rows read, in the step's name, and only for long stages. */
class StageProgressTest {

    private static final Duration INTERVAL = Duration.ofSeconds(5);
    /** Holds the last two tasks of the slow stage until the test has seen the first two finish. */
    private static volatile CountDownLatch release;

    private static SparkSession spark;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final AtomicLong now = new AtomicLong();

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.session("greentrain-stage-progress-tests");
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    private Path lines(int count) throws IOException {
        Path file = dir.resolve("rows.txt");
        Files.write(file, IntStream.range(0, count).mapToObj(i -> String.format("row %06d", i)).toList());
        return file;
    }

    @Test
    void aStageRunningLongerThanTheIntervalReportsItsTasksAndRowsReadUnderTheStepOnce() throws Exception {
        Path input = lines(400);
        SparkContext sc = spark.sparkContext();
        StageProgress listener = StageProgress.withClock(
                new Progress(new PrintStream(printed, true, StandardCharsets.UTF_8)), INTERVAL, now::get);
        sc.addSparkListener(listener);
        release = new CountDownLatch(1);
        Phases.enter(sc, "clean");
        Thread job;
        try {
            job = new Thread(() -> JavaSparkContext.fromSparkContext(sc).textFile(input.toString(), 4)
                    .mapPartitionsWithIndex((index, rows) -> {
                        if (index >= 2) {
                            release.await(60, TimeUnit.SECONDS);
                        }
                        return rows;
                    }, false)
                    .count());
            job.start();
        } finally {
            Phases.leave(sc);
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (listener.runningStages() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            now.addAndGet(INTERVAL.toNanos() - 1);
            assertThat(listener.reportDue()).as("a stage that has run for less than the interval").isEmpty();

            now.addAndGet(2);
            List<String> lines = new ArrayList<>();
            while (lines.stream().noneMatch(line -> line.contains(": 2/4 tasks")) && System.nanoTime() < deadline) {
                lines.addAll(listener.reportDue());
                Thread.sleep(20);
            }

            assertThat(lines).last().asString().matches("stage \\d+ \\(.*\\): 2/4 tasks, [1-9][0-9,]* rows read");
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("] clean: stage ");
            assertThat(listener.reportDue()).as("nothing moved since the last line").isEmpty();
        } finally {
            release.countDown();
            job.join(60_000);
            sc.removeSparkListener(listener);
        }
        Thread.sleep(500);
        now.addAndGet(INTERVAL.toNanos());
        assertThat(listener.reportDue()).as("a finished stage").isEmpty();
    }
}
