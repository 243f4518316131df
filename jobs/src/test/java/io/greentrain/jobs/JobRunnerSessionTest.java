package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job started after an earlier session was stopped in the same JVM gets a running session of its own. */
class JobRunnerSessionTest {

    @Test
    void aStoppedActiveSessionIsNotTakenForARunningOne(@TempDir Path out) {
        SparkSession earlier = SparkSession.builder().master("local[1]").appName("earlier")
                .config("spark.ui.enabled", "false").getOrCreate();
        earlier.stop();
        assertThat(SparkSession.getActiveSession().isDefined()).as("Spark keeps the stopped session active").isTrue();
        assertThat(JobRunner.runningSession()).isEmpty();

        System.setProperty("spark.greentrain.energy.enabled", "false");
        System.setProperty("spark.ui.enabled", "false");
        try {
            SparkSession session = JobRunner.session("next", new RunLayout(out.toString()));
            try {
                assertThat(session.sparkContext().isStopped()).isFalse();
                assertThat(session.range(3).count()).isEqualTo(3);
                assertThat(JobRunner.runningSession()).contains(session);
            } finally {
                session.stop();
            }
        } finally {
            System.clearProperty("spark.greentrain.energy.enabled");
            System.clearProperty("spark.ui.enabled");
        }
    }
}
