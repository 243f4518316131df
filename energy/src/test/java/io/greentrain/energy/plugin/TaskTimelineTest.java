package io.greentrain.energy.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.energy.api.Phases;
import io.greentrain.testsupport.LocalSpark;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.spark.SparkContext;
import org.apache.spark.Success$;
import org.apache.spark.TaskEndReason;
import org.apache.spark.TaskResultLost$;
import org.apache.spark.TaskState;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.executor.ExecutorMetrics;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.scheduler.TaskLocality;
import org.apache.spark.storage.RDDInfo;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.collection.JavaConverters;
import scala.collection.Seq;

class TaskTimelineTest {

    private final TaskTimeline timeline = new TaskTimeline();

    @Test
    void recordsEachTaskOnItsExecutorWithThePhaseOfItsJob() {
        timeline.onJobStart(jobStart(0, "train/epoch-1", 0, 1));
        TaskInfo onOne = task(10, "1", 1_000);
        TaskInfo onTwo = task(11, "2", 1_100);
        TaskInfo secondStage = task(12, "1", 2_000);

        run(1, onOne, 1_900);
        run(0, onTwo, 1_700);
        run(1, secondStage, 2_500);

        assertThat(timeline.spans("1")).containsExactlyInAnyOrder(
                new TaskTimeline.TaskSpan(1_000, 1_900, "train/epoch-1", 1),
                new TaskTimeline.TaskSpan(2_000, 2_500, "train/epoch-1", 1));
        assertThat(timeline.spans("2")).containsExactly(new TaskTimeline.TaskSpan(1_100, 1_700, "train/epoch-1", 0));
        assertThat(timeline.spans("3")).isEmpty();
    }

    @Test
    void keepsThePhasesOfConcurrentJobsApart() {
        timeline.onJobStart(jobStart(0, "clean", 0));
        timeline.onJobStart(jobStart(1, "evaluate", 1));

        run(1, task(1, "1", 100), 200);
        run(0, task(2, "1", 150), 300);

        assertThat(timeline.spans("1")).containsExactlyInAnyOrder(
                new TaskTimeline.TaskSpan(100, 200, "evaluate", 1),
                new TaskTimeline.TaskSpan(150, 300, "clean", 0));
    }

    @Test
    void chargesTasksOfAJobWithoutPhaseToUnphased() {
        timeline.onJobStart(jobStart(0, null, 0));

        run(0, task(1, "1", 100), 200);

        assertThat(timeline.spans("1")).containsExactly(new TaskTimeline.TaskSpan(100, 200, TaskTimeline.UNPHASED, 0));
    }

    @Test
    void chargesTasksOfAnUnknownStageToUnphased() {
        run(42, task(1, "1", 100), 200);

        assertThat(timeline.spans("1")).containsExactly(new TaskTimeline.TaskSpan(100, 200, TaskTimeline.UNPHASED, 42));
    }

    @Test
    void countsFailedTasksBecauseTheirEnergyWasSpent() {
        timeline.onJobStart(jobStart(0, "convert", 0));
        TaskInfo failed = task(1, "1", 100);
        timeline.onTaskStart(new SparkListenerTaskStart(0, 0, failed));
        failed.markFinished(TaskState.FAILED(), 400);

        timeline.onTaskEnd(taskEnd(0, failed, TaskResultLost$.MODULE$));

        assertThat(failed.failed()).isTrue();
        assertThat(timeline.spans("1")).containsExactly(new TaskTimeline.TaskSpan(100, 400, "convert", 0));
    }

    @Test
    void reportsARunningTaskAsEndingAtLongMaxUntilItEnds() {
        timeline.onJobStart(jobStart(0, "train/epoch-2", 0));
        TaskInfo running = task(7, "3", 5_000);
        timeline.onTaskStart(new SparkListenerTaskStart(0, 0, running));

        assertThat(timeline.spans("3"))
                .containsExactly(new TaskTimeline.TaskSpan(5_000, Long.MAX_VALUE, "train/epoch-2", 0));
        assertThat(timeline.spans("1")).isEmpty();

        running.markFinished(TaskState.FINISHED(), 6_000);
        timeline.onTaskEnd(taskEnd(0, running, Success$.MODULE$));

        assertThat(timeline.spans("3")).containsExactly(new TaskTimeline.TaskSpan(5_000, 6_000, "train/epoch-2", 0));
    }

    @Test
    void keepsThePhaseATaskStartedWithWhenItsStageIsResubmittedByAnotherJob() {
        timeline.onJobStart(jobStart(0, "clean", 0));
        TaskInfo task = task(1, "1", 100);
        timeline.onTaskStart(new SparkListenerTaskStart(0, 0, task));
        timeline.onJobStart(jobStart(1, "evaluate", 0));

        task.markFinished(TaskState.FINISHED(), 300);
        timeline.onTaskEnd(taskEnd(0, task, Success$.MODULE$));

        assertThat(timeline.spans("1")).containsExactly(new TaskTimeline.TaskSpan(100, 300, "clean", 0));
    }

    @Test
    void neverLosesSightOfATaskWhileItEnds() throws Exception {
        timeline.onJobStart(jobStart(0, "clean", 0));
        int tasks = 20_000;
        AtomicInteger started = new AtomicInteger();
        AtomicInteger missed = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                int atLeast = started.get();
                if (timeline.spans("1").size() < atLeast) {
                    missed.incrementAndGet();
                }
            }
        });
        reader.start();

        for (int id = 0; id < tasks; id++) {
            TaskInfo info = task(id, "1", id);
            timeline.onTaskStart(new SparkListenerTaskStart(0, 0, info));
            started.incrementAndGet();
            info.markFinished(TaskState.FINISHED(), id + 1);
            timeline.onTaskEnd(taskEnd(0, info, Success$.MODULE$));
        }
        done.set(true);
        reader.join();

        assertThat(missed.get()).as("snapshots that missed a task between running and finished").isZero();
        assertThat(timeline.spans("1")).hasSize(tasks);
    }

    @Test
    void takesPhasesFromTheLocalPropertyOfARealSparkApplication() throws Exception {
        SparkContext sc = new SparkContext(LocalSpark.conf("task-timeline-test"));
        try {
            TaskTimeline listening = new TaskTimeline();
            sc.addSparkListener(listening);
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(sc);
            List<Integer> numbers = IntStream.range(0, 100).boxed().toList();

            Phases.enter(sc, "clean");
            jsc.parallelize(numbers, 4).count();
            Phases.enter(sc, "train/epoch-1");
            jsc.parallelize(numbers, 3).map(n -> n * 2).count();
            Phases.leave(sc);
            jsc.parallelize(numbers, 2).count();
            sc.listenerBus().waitUntilEmpty(10_000);

            List<TaskTimeline.TaskSpan> spans = listening.spans("driver");
            assertThat(spans).extracting(TaskTimeline.TaskSpan::phase)
                    .containsExactlyInAnyOrder("clean", "clean", "clean", "clean",
                            "train/epoch-1", "train/epoch-1", "train/epoch-1",
                            TaskTimeline.UNPHASED, TaskTimeline.UNPHASED);
            assertThat(spans).allSatisfy(span -> {
                assertThat(span.startMillis()).isPositive();
                assertThat(span.endMillis()).isBetween(span.startMillis(), System.currentTimeMillis());
            });
        } finally {
            sc.stop();
        }
    }

    private void run(int stageId, TaskInfo info, long finishMillis) {
        timeline.onTaskStart(new SparkListenerTaskStart(stageId, 0, info));
        info.markFinished(TaskState.FINISHED(), finishMillis);
        timeline.onTaskEnd(taskEnd(stageId, info, Success$.MODULE$));
    }

    private static TaskInfo task(long taskId, String executorId, long launchMillis) {
        return new TaskInfo(taskId, 0, 0, 0, launchMillis, executorId, "node-" + executorId,
                TaskLocality.PROCESS_LOCAL(), false);
    }

    private static SparkListenerTaskEnd taskEnd(int stageId, TaskInfo info, TaskEndReason reason) {
        return new SparkListenerTaskEnd(stageId, 0, "ResultTask", reason, info, new ExecutorMetrics(), null);
    }

    private static SparkListenerJobStart jobStart(int jobId, String phase, int... stageIds) {
        List<StageInfo> stages = new ArrayList<>();
        for (int stageId : stageIds) {
            stages.add(new StageInfo(stageId, 0, "stage " + stageId, 1, seq(new ArrayList<RDDInfo>()),
                    seq(new ArrayList<>()), "", null, seq(new ArrayList<>()), Option.empty(), 0, false, 0));
        }
        Properties properties = new Properties();
        if (phase != null) {
            properties.setProperty(Phases.PHASE_PROPERTY, phase);
        }
        return new SparkListenerJobStart(jobId, 0L, seq(stages), properties);
    }

    private static <T> Seq<T> seq(List<T> list) {
        return JavaConverters.asScalaBuffer(list).toSeq();
    }
}
