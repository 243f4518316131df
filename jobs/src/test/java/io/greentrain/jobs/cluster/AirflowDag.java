package io.greentrain.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Airflow DAG file as scripts/airflow/dag_checker.py reads it (python3, the ast module, no
 * Airflow), with the task arguments' Jinja templates rendered as Airflow renders them for one run.
 */
final class AirflowDag {

    static final String CHECKER = "scripts/airflow/dag_checker.py";
    /** {@code {{ ds_nodash }}} of the rendered run. */
    static final String DS_NODASH = "20240601";
    /** {@code {{ ts_nodash }}} of the rendered run. */
    static final String TS_NODASH = "20240601T020000";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code {{ name }}}, {@code {{ params.name }}} or {@code {{ params.name | tojson }}}. */
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{ *([A-Za-z_][A-Za-z0-9_.]*) *(\\| *tojson *)?}}");

    private final String file;
    private final JsonNode dag;

    private AirflowDag(String file, JsonNode dag) {
        this.file = file;
        this.dag = dag;
    }

    /** Runs the checker on {@code dagFile} (relative to the project root); fails the test when it refuses the file. */
    static AirflowDag read(String dagFile) {
        ProjectFiles.Result result = ProjectFiles.run("python3", CHECKER, dagFile);
        assertThat(result.exitCode()).as("%s %s: %s", CHECKER, dagFile, result.stderr()).isZero();
        try {
            return new AirflowDag(dagFile, JSON.readTree(result.stdout()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String file() {
        return file;
    }

    String dagId() {
        return dag.path("dag_id").asText();
    }

    /** A scalar run parameter's default, as text. */
    String param(String name) {
        JsonNode value = dag.path("params").path(name);
        assertThat(value.isValueNode()).as("param %s of %s is a scalar", name, file).isTrue();
        return value.asText();
    }

    /** A run parameter's default, as the JSON the checker printed. */
    JsonNode paramNode(String name) {
        assertThat(dag.path("params").has(name)).as("param %s of %s", name, file).isTrue();
        return dag.path("params").path(name);
    }

    List<JsonNode> tasks() {
        List<JsonNode> tasks = new ArrayList<>();
        dag.path("tasks").forEach(tasks::add);
        return tasks;
    }

    List<String> taskIds() {
        return tasks().stream().map(t -> t.path("task_id").asText()).toList();
    }

    JsonNode task(String taskId) {
        return tasks().stream().filter(t -> t.path("task_id").asText().equals(taskId)).findFirst()
                .orElseThrow(() -> new AssertionError("no task " + taskId + " in " + file));
    }

    /** The dependencies, each as [upstream, downstream], in the order the file states them. */
    List<List<String>> edges() {
        List<List<String>> edges = new ArrayList<>();
        dag.path("edges").forEach(edge -> edges.add(List.of(edge.get(0).asText(), edge.get(1).asText())));
        return edges;
    }

    /**
     * The task's {@code application_args} with the templates filled in from the DAG's params,
     * overridden by {@code with} (as {@code airflow dags trigger --conf} would), and the run's
     * {@link #DS_NODASH} and {@link #TS_NODASH}. A list or map parameter renders only through
     * {@code | tojson}; a bare one would render as a Python repr, which no job reads.
     */
    List<String> renderedArgs(String taskId, Map<String, ?> with) {
        ObjectNode params = ((ObjectNode) dag.path("params")).deepCopy();
        with.forEach((name, value) -> params.set(name, JSON.valueToTree(value)));
        List<String> args = new ArrayList<>();
        task(taskId).path("application_args").forEach(arg -> args.add(render(arg.asText(), params, taskId)));
        return args;
    }

    /** The {@code --output} of the task that nothing precedes (the run's first step), rendered with {@code with}. */
    String firstStepOutput(Map<String, ?> with) {
        List<String> downstream = edges().stream().map(edge -> edge.get(1)).toList();
        List<String> first = taskIds().stream().filter(id -> !downstream.contains(id)).toList();
        assertThat(first).as("tasks without upstream in %s", file).hasSize(1);
        return JobCommandLines.parseStep(renderedArgs(first.get(0), with)).arguments().output()
                .orElseThrow(() -> new AssertionError(first.get(0) + " of " + file + " has no --output"));
    }

    private String render(String text, JsonNode params, String taskId) {
        Matcher matcher = TEMPLATE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            boolean toJson = matcher.group(2) != null;
            JsonNode value = switch (name) {
                case "ds_nodash" -> JSON.getNodeFactory().textNode(DS_NODASH);
                case "ts_nodash" -> JSON.getNodeFactory().textNode(TS_NODASH);
                default -> {
                    assertThat(name).as("template variable in %s of %s", text, taskId).startsWith("params.");
                    String param = name.substring("params.".length());
                    assertThat(params.has(param)).as("param %s used by %s is declared in %s", param, taskId, file).isTrue();
                    yield params.get(param);
                }
            };
            if (!toJson) {
                assertThat(value.isValueNode()).as("%s in %s of %s renders as a Python repr; use | tojson", name, text, taskId)
                        .isTrue();
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(toJson ? json(value) : value.asText()));
        }
        matcher.appendTail(out);
        assertThat(out.toString()).as("unrendered template in %s of %s", text, taskId).doesNotContain("{{");
        return out.toString();
    }

    private static String json(JsonNode value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The DAG files under scripts/airflow/ (named {@code *_dag.py}), relative to the project root. */
    static List<String> files() {
        return ProjectFiles.list(ProjectFiles.SCRIPTS.resolve("airflow"), "*_dag.py").stream()
                .map(p -> ProjectFiles.ROOT.relativize(p).toString()).toList();
    }

    /** A task's id, for assertion messages. */
    static String id(JsonNode task) {
        return "task " + task.path("task_id").asText();
    }

    /** Keeps assertion messages of parameterized tests short. */
    @Override
    public String toString() {
        return file;
    }

    /** The DAG files, read; for {@code @MethodSource}. */
    static List<AirflowDag> all() {
        return files().stream().map(AirflowDag::read).toList();
    }
}
