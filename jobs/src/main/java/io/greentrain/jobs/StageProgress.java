package io.greentrain.jobs;

import io.greentrain.energy.api.Phases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;

/**
 * Progress inside a long step: while a Spark stage runs, one {@link Progress} line every interval with its tasks
 * done and the rows it has read so far, for example
 * {@code [greentrain   14.2s] clean: stage 4 (parquet at CleanStep.java:74): 3/8 tasks, 1,234,567 rows read}.
 *
 * <p>A stage that finishes within one interval prints nothing, so small jobs stay as quiet as before. The step
 * named is the phase the stage was submitted in ({@link Phases#PHASE_PROPERTY}), or {@code spark} outside any.
 * Rows read are those of finished tasks (Spark reports a task's input metrics when it ends).
 */
public final class StageProgress extends SparkListener implements AutoCloseable {

    private final Progress progress;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Map<Integer, RunningStage> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private volatile SparkContext followed;

    /** One stage being followed: what to call it, and what its finished tasks did. */
    private static final class RunningStage {
        final String step;
        final String name;
        final int tasks;
        final long submittedNanos;
        final AtomicInteger tasksDone = new AtomicInteger();
        final AtomicLong rowsRead = new AtomicLong();
        volatile int reportedTasksDone = -1;

        RunningStage(String step, String name, int tasks, long submittedNanos) {
            this.step = step;
            this.name = name;
            this.tasks = tasks;
            this.submittedNanos = submittedNanos;
        }
    }

    /**
     * Starts following stages: registers with {@code sc} and prints every {@code interval}.
     *
     * @throws IllegalArgumentException when {@code interval} is not positive
     */
    public static StageProgress follow(SparkContext sc, Progress progress, Duration interval) {
        StageProgress listener = new StageProgress(progress, interval, System::nanoTime, true);
        sc.addSparkListener(listener);
        listener.followed = sc;
        return listener;
    }

    /** A listener whose lines are printed only by {@link #reportDue()}; for tests with their own clock. */
    static StageProgress withClock(Progress progress, Duration interval, LongSupplier nanoClock) {
        return new StageProgress(progress, interval, nanoClock, false);
    }

    private StageProgress(Progress progress, Duration interval, LongSupplier nanoClock, boolean startTimer) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the progress interval must be positive: " + interval);
        }
        this.progress = progress;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        if (startTimer) {
            timer = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "greentrain-stage-progress");
                thread.setDaemon(true);
                return thread;
            });
            long millis = Math.max(1, interval.toMillis());
            timer.scheduleAtFixedRate(this::reportDue, millis, millis, TimeUnit.MILLISECONDS);
        } else {
            timer = null;
        }
    }

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        StageInfo info = submitted.stageInfo();
        Properties properties = submitted.properties();
        String phase = properties == null ? null : properties.getProperty(Phases.PHASE_PROPERTY);
        running.put(info.stageId(), new RunningStage(phase == null ? "spark" : phase,
                info.name(), info.numTasks(), nanoClock.getAsLong()));
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        RunningStage stage = running.get(taskEnd.stageId());
        if (stage == null) {
            return;
        }
        stage.tasksDone.incrementAndGet();
        if (taskEnd.taskMetrics() != null) {
            stage.rowsRead.addAndGet(taskEnd.taskMetrics().inputMetrics().recordsRead());
        }
    }

    @Override
    public void onStageCompleted(SparkListenerStageCompleted completed) {
        running.remove(completed.stageInfo().stageId());
    }

    /**
     * Prints a line for each stage that has run for at least one interval and moved since its last line (or has
     * never had one).
     *
     * @return the lines' stage descriptions, for tests
     */
    List<String> reportDue() {
        List<String> printed = new ArrayList<>();
        long now = nanoClock.getAsLong();
        running.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            RunningStage stage = entry.getValue();
            int done = stage.tasksDone.get();
            if (now - stage.submittedNanos < intervalNanos || done == stage.reportedTasksDone) {
                return;
            }
            stage.reportedTasksDone = done;
            String line = String.format(Locale.ROOT, "stage %d (%s): %d/%d tasks, %,d rows read",
                    entry.getKey(), stage.name, done, stage.tasks, stage.rowsRead.get());
            progress.report(stage.step, "%s", line);
            printed.add(line);
        });
        return printed;
    }

    /** How many stages are running now, as far as the events received tell. */
    int runningStages() {
        return running.size();
    }

    /** Stops printing and leaves the context it follows. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (followed != null) {
            followed.removeSparkListener(this);
        }
        running.clear();
    }
}
