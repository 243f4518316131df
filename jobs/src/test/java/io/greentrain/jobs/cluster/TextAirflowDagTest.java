package io.greentrain.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.greentrain.jobs.Job;
import io.greentrain.jobs.config.JobConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * scripts/airflow/greentrain_text_dag.py, read without Airflow by scripts/airflow/dag_checker.py:
 * the text-corpus task graph, and every step's command line run through the jobs' own argument
 * parser and configuration loader with the example text configurations. What every DAG must do
 * (main class, retries, the ledger tasks) is in {@link AirflowDagTest}.
 */
class TextAirflowDagTest {

    static final String DAG = "scripts/airflow/greentrain_text_dag.py";
    private static final Path TEXT_EXAMPLES = ProjectFiles.ROOT.resolve("data/text");
    private static final Map<String, Job> STEPS =
            Map.of("text_clean", Job.fromCliName("text-clean"), "text_prepare", Job.fromCliName("text-prepare"),
                    "text_train", Job.fromCliName("text-train"));

    private static AirflowDag dag;

    @BeforeAll
    static void readDag() {
        dag = AirflowDag.read(DAG);
    }

    @Test
    void runsTheTextStepsThenVerifiesAndReportsTheLedgerInOneChain() {
        assertThat(dag.dagId()).isEqualTo("greentrain_text");
        assertThat(dag.edges()).containsExactly(List.of("text_clean", "text_prepare"), List.of("text_prepare", "text_train"),
                List.of("text_train", "ledger_verify"), List.of("ledger_verify", "ledger_report"));
        assertThat(dag.taskIds()).containsExactlyInAnyOrder("text_clean", "text_prepare", "text_train", "ledger_verify", "ledger_report");
    }

    @Test
    void trainingWaitsLongerBeforeARetryThanTheOtherSteps() {
        int cleanDelay = dag.task("text_clean").path("retry_delay_seconds").asInt();
        assertThat(dag.task("text_train").path("retry_delay_seconds").asInt()).isGreaterThan(cleanDelay);
    }

    @Test
    void theDefaultJobConfigIsAnExampleFromDataText() {
        String name = Path.of(dag.param("job_config")).getFileName().toString();
        assertThat(TEXT_EXAMPLES.resolve(name)).isRegularFile();
    }

    /** With each example configuration, as uploaded to the cluster, every step parses, loads and writes to the run's folder. */
    @Test
    void everyStepParsesLoadsItsSettingsAndResolvesToTheRunsOwnOutputFolder() {
        String output = dag.param("output_root") + "/" + AirflowDag.TS_NODASH;
        // The example job configurations; a levers grid (levers-*.conf) is the levers job's --grid, not one of them.
        for (Path example : ProjectFiles.list(TEXT_EXAMPLES, "*.conf").stream()
                .filter(file -> !file.getFileName().toString().startsWith("levers")).toList()) {
            String scheduledConfig = "hdfs:///jobs/" + example.getFileName();
            for (Map.Entry<String, Job> step : STEPS.entrySet()) {
                String what = step.getKey() + " with " + example.getFileName();
                List<String> args = dag.renderedArgs(step.getKey(), Map.of("job_config", scheduledConfig));
                JobCommandLines.StepCommand command = JobCommandLines.parseStep(args);

                assertThat(command.job()).as(what).isEqualTo(step.getValue());
                assertThat(command.arguments().configPath()).as(what).contains(scheduledConfig);
                JobConfig config = JobCommandLines.configOf(command, example.toString());
                assertThat(config.outputDir()).as(what).isEqualTo(output);
                // What the text steps read from the configuration, validated as the jobs validate it.
                assertThat(config.textCleaningSpec()).as(what).isNotNull();
                assertThat(config.vocabularySettings()).as(what).isNotNull();
                assertThat(config.sequenceSettings()).as(what).isNotNull();
                assertThat(config.lmSettings()).as(what).isNotNull();
                assertThat(config.trainerSettings().workers()).as(what).isPositive();
            }
        }
    }

    @Test
    void textCleanReadsExactlyTheCorpusPathsTheRunIsGiven() {
        List<String> corpus = List.of("hdfs:///data/corpora/poetry/{quantangshi/poet.tang.*.json,yudingquantangshi/json}",
                "s3a://corpora/with space/\"quoted\".json", "hdfs:///data/corpora/spam-assassin");
        for (List<String> inputs : List.of(defaultInputs(), corpus)) {
            JobCommandLines.StepCommand command = JobCommandLines.parseStep(dag.renderedArgs("text_clean", Map.of("inputs", inputs)));
            JobConfig config = JobCommandLines.configOf(command, TEXT_EXAMPLES.resolve("spam-assassin.conf").toString());

            assertThat(config.requireInputPaths()).isEqualTo(inputs);
        }
    }

    @Test
    void onlyTextCleanReadsTheCorpusTheLaterStepsReadTheRunsFolder() {
        for (String later : List.of("text_prepare", "text_train")) {
            JobCommandLines.StepCommand command = JobCommandLines.parseStep(dag.renderedArgs(later, Map.of()));
            assertThat(command.arguments().inputs()).as(later).isEmpty();
            assertThat(command.arguments().overrides()).as(later).isEmpty();
        }
    }

    private static List<String> defaultInputs() {
        JsonNode inputs = dag.paramNode("inputs");
        assertThat(inputs.isArray()).as("param inputs is a list").isTrue();
        List<String> paths = new ArrayList<>();
        inputs.forEach(path -> paths.add(path.asText()));
        assertThat(paths).isNotEmpty();
        return paths;
    }
}
