package io.greentrain.energy.plugin;

import io.greentrain.energy.api.Phases;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import scala.collection.JavaConverters;

/**
 * Which tasks ran when on which executor, and in which phase: the driver-side half of energy
 * attribution. A job's phase is its {@link Phases#PHASE_PROPERTY} local property; a task inherits
 * the phase of its stage's job. Failed and killed tasks count too: their energy was spent.
 *
 * <p>Listener callbacks run on Spark's listener-bus thread; {@link #spans(String)} may be called
 * from any thread.
 */
public final class TaskTimeline extends SparkListener {

    /** The phase of work that set no phase. */
    public static final String UNPHASED = "unphased";

    /**
     * One task's time on an executor. {@code endMillis} is {@code Long.MAX_VALUE} while it runs;
     * {@code stageId} is -1 when unknown.
     */
    public record TaskSpan(long startMillis, long endMillis, String phase, int stageId) {

        public TaskSpan(long startMillis, long endMillis, String phase) {
            this(startMillis, endMillis, phase, -1);
        }
    }

    private final Map<Integer, String> phaseByStage = new ConcurrentHashMap<>();
    private final Map<Long, String> runningExecutorByTask = new ConcurrentHashMap<>();
    /** Running tasks' spans (ending at {@code Long.MAX_VALUE}) by executor, then task id. */
    private final Map<String, Map<Long, TaskSpan>> runningByExecutor = new HashMap<>();
    private final Map<String, List<TaskSpan>> finishedByExecutor = new HashMap<>();

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
        String phase = jobStart.properties() == null ? null : jobStart.properties().getProperty(Phases.PHASE_PROPERTY);
        String resolved = phase == null ? UNPHASED : phase;
        for (Object stageId : JavaConverters.seqAsJavaList(jobStart.stageIds())) {
            phaseByStage.put((Integer) stageId, resolved);
        }
    }

    @Override
    public synchronized void onTaskStart(SparkListenerTaskStart taskStart) {
        long taskId = taskStart.taskInfo().taskId();
        String executor = taskStart.taskInfo().executorId();
        runningExecutorByTask.put(taskId, executor);
        runningByExecutor.computeIfAbsent(executor, e -> new HashMap<>()).put(taskId,
                new TaskSpan(taskStart.taskInfo().launchTime(), Long.MAX_VALUE,
                        phaseByStage.getOrDefault(taskStart.stageId(), UNPHASED), taskStart.stageId()));
    }

    /** Synchronized with {@link #spans}: a task must never be seen as neither running nor finished. */
    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        long taskId = taskEnd.taskInfo().taskId();
        String executor = runningExecutorByTask.remove(taskId);
        Map<Long, TaskSpan> running = executor == null ? null : runningByExecutor.get(executor);
        TaskSpan started = running == null ? null : running.remove(taskId);
        if (running != null && running.isEmpty()) {
            runningByExecutor.remove(executor);
        }
        String phase = started == null ? null : started.phase();
        if (phase == null) {
            phase = phaseByStage.getOrDefault(taskEnd.stageId(), UNPHASED);
        }
        long end = taskEnd.taskInfo().finishTime() > 0 ? taskEnd.taskInfo().finishTime() : System.currentTimeMillis();
        record(taskEnd.taskInfo().executorId(),
                new TaskSpan(taskEnd.taskInfo().launchTime(), end, phase, taskEnd.stageId()));
    }

    /** Adds a span directly (tests, and replaying a timeline). */
    synchronized void record(String executorId, TaskSpan span) {
        finishedByExecutor.computeIfAbsent(executorId, e -> new ArrayList<>()).add(span);
    }

    /**
     * Every span of {@code executorId} kept so far (see {@link #forgetEndedBefore}), finished or running, in no
     * particular order. Costs a copy of that executor's spans only.
     */
    public synchronized List<TaskSpan> spans(String executorId) {
        List<TaskSpan> spans = new ArrayList<>(finishedByExecutor.getOrDefault(executorId, List.of()));
        spans.addAll(runningByExecutor.getOrDefault(executorId, Map.of()).values());
        return spans;
    }

    /**
     * Forgets finished spans that ended before {@code epochMillis}: the driver calls it once every window up to
     * that time is attributed, so the timeline holds the recent past and the running tasks, not the whole
     * application. Energy of a window older than that, arriving later still, finds no tasks and is charged as idle.
     */
    public synchronized void forgetEndedBefore(long epochMillis) {
        finishedByExecutor.values().forEach(spans -> spans.removeIf(span -> span.endMillis() < epochMillis));
        finishedByExecutor.values().removeIf(List::isEmpty);
    }

    /** Finished spans kept (for tests of the timeline's bound). */
    synchronized int finishedSpanCount() {
        return finishedByExecutor.values().stream().mapToInt(List::size).sum();
    }
}
