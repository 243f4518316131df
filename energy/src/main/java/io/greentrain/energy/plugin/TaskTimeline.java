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
    private final Map<Long, String> runningPhaseByTask = new ConcurrentHashMap<>();
    private final Map<Long, Long> runningStartByTask = new ConcurrentHashMap<>();
    private final Map<Long, String> runningExecutorByTask = new ConcurrentHashMap<>();
    private final Map<Long, Integer> runningStageByTask = new ConcurrentHashMap<>();
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
    public void onTaskStart(SparkListenerTaskStart taskStart) {
        long taskId = taskStart.taskInfo().taskId();
        runningPhaseByTask.put(taskId, phaseByStage.getOrDefault(taskStart.stageId(), UNPHASED));
        runningStartByTask.put(taskId, taskStart.taskInfo().launchTime());
        runningExecutorByTask.put(taskId, taskStart.taskInfo().executorId());
        runningStageByTask.put(taskId, taskStart.stageId());
    }

    /** Synchronized with {@link #spans}: a task must never be seen as neither running nor finished. */
    @Override
    public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
        long taskId = taskEnd.taskInfo().taskId();
        String phase = runningPhaseByTask.remove(taskId);
        runningStartByTask.remove(taskId);
        runningExecutorByTask.remove(taskId);
        runningStageByTask.remove(taskId);
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

    /** Every span of {@code executorId} so far, finished or running, in no particular order. */
    public synchronized List<TaskSpan> spans(String executorId) {
        List<TaskSpan> spans = new ArrayList<>(finishedByExecutor.getOrDefault(executorId, List.of()));
        runningExecutorByTask.forEach((taskId, executor) -> {
            if (executor.equals(executorId)) {
                Long start = runningStartByTask.get(taskId);
                String phase = runningPhaseByTask.get(taskId);
                if (start != null && phase != null) {
                    spans.add(new TaskSpan(start, Long.MAX_VALUE, phase, runningStageByTask.getOrDefault(taskId, -1)));
                }
            }
        });
        return spans;
    }
}
