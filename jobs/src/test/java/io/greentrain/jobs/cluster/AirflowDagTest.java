package io.greentrain.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.greentrain.jobs.GreentrainMain;
import io.greentrain.jobs.Job;
import io.greentrain.jobs.RunLayout;
import io.greentrain.jobs.ledger.LedgerCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Airflow DAGs under scripts/airflow/, read without Airflow by scripts/airflow/dag_checker.py
 * (python3, the ast module): what every DAG must do (main class, retries, the ledger tasks), and
 * the tabular DAG greentrain_dag.py's task graph and command lines run through the jobs' own
 * parsers. {@link TextAirflowDagTest} covers the text-corpus DAG's steps.
 */
class AirflowDagTest {

    private static final String DAG = "scripts/airflow/greentrain_dag.py";

    private static AirflowDag dag;

    @BeforeAll
    static void readDag() {
        dag = AirflowDag.read(DAG);
    }

    static List<AirflowDag> dags() {
        return AirflowDag.all();
    }

    @Test
    void findsBothTheTabularAndTheTextDag() {
        assertThat(AirflowDag.files()).contains(DAG, TextAirflowDagTest.DAG);
        assertThat(dags()).extracting(AirflowDag::dagId).doesNotHaveDuplicates();
    }

    @Test
    void runsTheStepsThenVerifiesAndReportsTheLedgerInOneChain() {
        assertThat(dag.dagId()).isEqualTo("greentrain");
        assertThat(dag.edges()).containsExactly(List.of("clean", "convert"), List.of("convert", "train"),
                List.of("train", "evaluate"), List.of("evaluate", "ledger_verify"), List.of("ledger_verify", "ledger_report"));
        assertThat(dag.taskIds()).containsExactlyInAnyOrder("clean", "convert", "train", "evaluate", "ledger_verify", "ledger_report");
    }

    @ParameterizedTest
    @MethodSource("dags")
    void everyTaskSubmitsTheMainClassOfTheApplicationJarWithTheClusterProperties(AirflowDag anyDag) throws ClassNotFoundException {
        for (JsonNode task : anyDag.tasks()) {
            String id = anyDag + " " + AirflowDag.id(task);
            assertThat(task.path("java_class").asText()).as(id).isEqualTo(GreentrainMain.class.getName());
            Class.forName(task.path("java_class").asText());
            assertThat(task.path("application").asText()).as(id).endsWith(".jar");
            assertThat(task.path("properties_file").asText()).as(id).contains("cluster-conf/spark-defaults");
            assertThat(task.path("conn_id").asText()).as(id).isNotBlank();
        }
    }

    @ParameterizedTest
    @MethodSource("dags")
    void stepsRetryAfterADelayButABrokenLedgerDoesNot(AirflowDag anyDag) {
        for (JsonNode task : anyDag.tasks()) {
            String id = anyDag + " " + AirflowDag.id(task);
            if (task.path("task_id").asText().equals("ledger_verify")) {
                assertThat(task.path("retries").asInt()).as(id).isZero();
            } else {
                assertThat(task.path("retries").asInt()).as(id).isPositive();
                assertThat(task.path("retry_delay_seconds").asInt()).as(id).isGreaterThanOrEqualTo(60);
            }
        }
    }

    @Test
    void stepArgumentsParseAndAllStepsResolveToTheRunsOwnOutputFolder() {
        String output = dag.param("output_root") + "/" + AirflowDag.DS_NODASH;
        for (String step : List.of("clean", "convert", "train", "evaluate")) {
            List<String> args = dag.renderedArgs(step, Map.of());
            JobCommandLines.StepCommand command = JobCommandLines.parseStep(args);

            assertThat(command.job().cliName()).isEqualTo(step);
            assertThat(command.arguments().configPath()).contains(dag.param("job_config"));
            // The step loads the example job configuration with the scheduled overrides applied.
            RunLayout layout = JobCommandLines.layoutOf(command,
                    ProjectFiles.CLUSTER_CONF.resolve("jobs/ames-yarn-hdfs.conf").toString());
            assertThat(layout.outputDir()).as(step).isEqualTo(output);
        }
        assertThat(JobCommandLines.parseStep(dag.renderedArgs("clean", Map.of())).arguments().inputs())
                .containsExactly(dag.param("input"));
    }

    @ParameterizedTest
    @MethodSource("dags")
    void ledgerVerifyReadsTheLedgerTheStepsWrote(AirflowDag anyDag, @TempDir Path outputRoot) {
        List<String> args = anyDag.renderedArgs("ledger_verify", Map.of("output_root", outputRoot.toString()));
        String ledger = new RunLayout(anyDag.firstStepOutput(Map.of("output_root", outputRoot.toString()))).ledger();
        assertThat(args).containsExactly(Job.LEDGER.cliName(), "verify", ledger);

        // The real command: the arguments parse, and it looks for the ledger exactly there.
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LedgerCommand.run(args.subList(1, args.size()).toArray(String[]::new),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("error: no ledger at " + ledger + System.lineSeparator());
    }

    @ParameterizedTest
    @MethodSource("dags")
    void ledgerReportReadsTheRunsLedgerAndWritesBesideIt(AirflowDag anyDag) {
        String output = anyDag.firstStepOutput(Map.of());
        List<String> args = anyDag.renderedArgs("ledger_report", Map.of());

        assertThat(LedgerCommand.USAGE).contains("ledger report LEDGER... --out DIR");
        assertThat(args).containsExactly(Job.LEDGER.cliName(), "report", new RunLayout(output).ledger(), "--out", output + "/report");
        assertThat(anyDag.edges()).as(anyDag.file()).endsWith(List.of("ledger_verify", "ledger_report"));
    }

    @Test
    void checkerRejectsWhatItCannotRead(@TempDir Path dir) throws IOException {
        Path dagFile = dir.resolve("dag.py");
        Files.writeString(dagFile, "x = SparkSubmitOperator(task_id='a', application_args=compute())\n");

        ProjectFiles.Result result = ProjectFiles.run("python3", AirflowDag.CHECKER, dagFile.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("line 1", "cannot evaluate 'compute()'");
    }
}
