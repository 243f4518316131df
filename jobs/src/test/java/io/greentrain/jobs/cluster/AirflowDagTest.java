package io.greentrain.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/airflow/greentrain_dag.py, read without Airflow by scripts/airflow/dag_checker.py (python3,
 * the ast module): the task graph, and every task's command line run through the jobs' own parsers.
 */
class AirflowDagTest {

    private static final String DAG = "scripts/airflow/greentrain_dag.py";
    private static final String CHECKER = "scripts/airflow/dag_checker.py";
    private static final String RUN_DATE = "20240601";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode dag;
    private static Map<String, String> params;

    @BeforeAll
    static void readDag() throws IOException {
        dag = check(DAG);
        params = new LinkedHashMap<>();
        dag.path("params").fields().forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
    }

    @Test
    void runsTheStepsThenVerifiesAndReportsTheLedgerInOneChain() {
        List<List<String>> edges = new ArrayList<>();
        dag.path("edges").forEach(edge -> edges.add(List.of(edge.get(0).asText(), edge.get(1).asText())));

        assertThat(dag.path("dag_id").asText()).isEqualTo("greentrain");
        assertThat(edges).containsExactly(List.of("clean", "convert"), List.of("convert", "train"),
                List.of("train", "evaluate"), List.of("evaluate", "ledger_verify"), List.of("ledger_verify", "ledger_report"));
        assertThat(taskIds()).containsExactlyInAnyOrder("clean", "convert", "train", "evaluate", "ledger_verify", "ledger_report");
    }

    @Test
    void everyTaskSubmitsTheMainClassOfTheApplicationJarWithTheClusterProperties() throws ClassNotFoundException {
        for (JsonNode task : dag.path("tasks")) {
            assertThat(task.path("java_class").asText()).as(id(task)).isEqualTo(GreentrainMain.class.getName());
            Class.forName(task.path("java_class").asText());
            assertThat(task.path("application").asText()).as(id(task)).endsWith(".jar");
            assertThat(task.path("properties_file").asText()).as(id(task)).contains("cluster-conf/spark-defaults");
            assertThat(task.path("conn_id").asText()).as(id(task)).isNotBlank();
        }
    }

    @Test
    void stepsRetryAfterADelayButABrokenLedgerDoesNot() {
        for (JsonNode task : dag.path("tasks")) {
            if (task.path("task_id").asText().equals("ledger_verify")) {
                assertThat(task.path("retries").asInt()).isZero();
            } else {
                assertThat(task.path("retries").asInt()).as(id(task)).isPositive();
                assertThat(task.path("retry_delay_seconds").asInt()).as(id(task)).isGreaterThanOrEqualTo(60);
            }
        }
    }

    @Test
    void stepArgumentsParseAndAllStepsResolveToTheRunsOwnOutputFolder() {
        String output = params.get("output_root") + "/" + RUN_DATE;
        for (String step : List.of("clean", "convert", "train", "evaluate")) {
            List<String> args = renderedArgs(step, Map.of());
            JobCommandLines.StepCommand command = JobCommandLines.parseStep(args);

            assertThat(command.job().cliName()).isEqualTo(step);
            assertThat(command.arguments().configPath()).contains(params.get("job_config"));
            // The step loads the example job configuration with the scheduled overrides applied.
            RunLayout layout = JobCommandLines.layoutOf(command,
                    ProjectFiles.CLUSTER_CONF.resolve("jobs/ames-yarn-hdfs.conf").toString());
            assertThat(layout.outputDir()).as(step).isEqualTo(output);
        }
        assertThat(JobCommandLines.parseStep(renderedArgs("clean", Map.of())).arguments().inputs())
                .containsExactly(params.get("input"));
    }

    @Test
    void ledgerVerifyReadsTheLedgerTheStepsWrote(@TempDir Path outputRoot) {
        List<String> args = renderedArgs("ledger_verify", Map.of("output_root", outputRoot.toString()));
        String ledger = new RunLayout(outputRoot + "/" + RUN_DATE).ledger();
        assertThat(args).containsExactly(Job.LEDGER.cliName(), "verify", ledger);

        // The real command: the arguments parse, and it looks for the ledger exactly there.
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LedgerCommand.run(args.subList(1, args.size()).toArray(String[]::new),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("error: no ledger at " + ledger + System.lineSeparator());
    }

    @Test
    void ledgerReportReadsTheRunsLedgerAndWritesBesideIt() {
        String output = params.get("output_root") + "/" + RUN_DATE;
        List<String> args = renderedArgs("ledger_report", Map.of());

        assertThat(LedgerCommand.USAGE).contains("ledger report LEDGER... --out DIR");
        assertThat(args).containsExactly(Job.LEDGER.cliName(), "report", new RunLayout(output).ledger(), "--out", output + "/report");
    }

    @Test
    void checkerRejectsWhatItCannotRead(@TempDir Path dir) throws IOException {
        Path dagFile = dir.resolve("dag.py");
        Files.writeString(dagFile, "x = SparkSubmitOperator(task_id='a', application_args=compute())\n");

        ProjectFiles.Result result = ProjectFiles.run("python3", CHECKER, dagFile.toString());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.stderr()).contains("line 1", "cannot evaluate 'compute()'");
    }

    /** The task's application_args with Airflow's templates filled in from the DAG's params (overridden by {@code with}). */
    private static List<String> renderedArgs(String taskId, Map<String, String> with) {
        Map<String, String> values = new LinkedHashMap<>(params);
        values.putAll(with);
        JsonNode task = task(taskId);
        List<String> args = new ArrayList<>();
        task.path("application_args").forEach(arg -> {
            String rendered = arg.asText().replace("{{ ds_nodash }}", RUN_DATE);
            for (Map.Entry<String, String> param : values.entrySet()) {
                rendered = rendered.replace("{{ params." + param.getKey() + " }}", param.getValue());
            }
            assertThat(rendered).as("unrendered template in %s of %s", arg, taskId).doesNotContain("{{");
            args.add(rendered);
        });
        return args;
    }

    private static JsonNode task(String taskId) {
        for (JsonNode task : dag.path("tasks")) {
            if (task.path("task_id").asText().equals(taskId)) {
                return task;
            }
        }
        throw new AssertionError("no task " + taskId);
    }

    private static List<String> taskIds() {
        List<String> ids = new ArrayList<>();
        dag.path("tasks").forEach(t -> ids.add(t.path("task_id").asText()));
        return ids;
    }

    private static String id(JsonNode task) {
        return "task " + task.path("task_id").asText();
    }

    private static JsonNode check(String dagFile) throws IOException {
        ProjectFiles.Result result = ProjectFiles.run("python3", CHECKER, dagFile);
        assertThat(result.exitCode()).as("%s %s: %s", CHECKER, dagFile, result.stderr()).isZero();
        return JSON.readTree(result.stdout());
    }
}
