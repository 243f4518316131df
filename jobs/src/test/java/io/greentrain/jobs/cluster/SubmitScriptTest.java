package io.greentrain.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.greentrain.jobs.GreentrainMain;
import io.greentrain.jobs.Job;
import io.greentrain.jobs.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** scripts/submit.sh --dry-run prints a spark-submit command that the shell, Spark and the jobs all accept. */
class SubmitScriptTest {

    private static final String SUBMIT = "scripts/submit.sh";
    private static final String JAR = "/apps/greentrain/greentrain-jobs-app.jar";
    private static final String AMES_CONFIG = "cluster-conf/jobs/ames-yarn-hdfs.conf";
    private static final String TEXT_CONFIG = "data/text/chinese-poetry.conf";

    /** A dry run's command line, split by bash itself, in spark-submit's parts. */
    record SubmitCommand(String program, Map<String, List<String>> options, String jar, List<String> jobArgs) {

        String option(String name) {
            List<String> values = options.getOrDefault(name, List.of());
            assertThat(values).as("values of %s", name).hasSize(1);
            return values.get(0);
        }

        List<String> confs() {
            return options.getOrDefault("--conf", List.of());
        }
    }

    @Test
    void standaloneRunsTheDriverHereWithTheCpuPropertiesFile() throws ClassNotFoundException {
        SubmitCommand command = dryRun("--cluster", "standalone", "--master", "spark://master:7077", "--jar", JAR,
                "--", "pipeline", "--config", "hdfs:///jobs/ames.conf", "--set", "greentrain.input.paths=[\"a b.csv\"]",
                "--output", "hdfs:///runs/ames-1");

        assertThat(command.program()).endsWith("spark-submit");
        assertThat(command.option("--master")).isEqualTo("spark://master:7077");
        assertThat(command.option("--deploy-mode")).isEqualTo("client");
        assertMainClassExists(command);
        assertThat(Path.of(command.option("--properties-file"))).isEqualTo(ProjectFiles.CLUSTER_CONF.resolve("spark-defaults.conf"));
        assertThat(command.jar()).isEqualTo(JAR);
        JobCommandLines.StepCommand step = JobCommandLines.parseStep(command.jobArgs());
        assertThat(step.job()).isEqualTo(Job.fromCliName("pipeline"));
        assertThat(step.arguments().overrides()).containsExactly("greentrain.input.paths=[\"a b.csv\"]");
    }

    @Test
    void yarnShipsTheDiscoveryScriptLoggingAndALocalJobConfigAndPointsTheJobAtTheShippedCopy() throws ClassNotFoundException {
        SubmitCommand command = dryRun("--cluster", "yarn", "--gpu", "--jar", JAR,
                "train", "--config", AMES_CONFIG, "--output", "hdfs:///runs/ames-1");

        assertThat(command.option("--master")).isEqualTo("yarn");
        assertThat(command.option("--deploy-mode")).isEqualTo("cluster");
        assertMainClassExists(command);
        assertThat(Path.of(command.option("--properties-file")))
                .isEqualTo(ProjectFiles.CLUSTER_CONF.resolve("spark-defaults-yarn-gpu.conf"));
        List<String> files = Arrays.asList(command.option("--files").split(","));
        assertThat(files).hasSize(3).allMatch(f -> Files.isRegularFile(ProjectFiles.ROOT.resolve(f)), "exists");
        assertThat(files).extracting(f -> Path.of(f).getFileName().toString())
                .containsExactly("gpu-discovery.sh", "log4j2.properties", "ames-yarn-hdfs.conf");
        JobCommandLines.StepCommand step = JobCommandLines.parseStep(command.jobArgs());
        assertThat(step.job()).isEqualTo(Job.fromCliName("train"));
        assertThat(step.arguments().configPath()).contains("ames-yarn-hdfs.conf");
        assertThat(step.arguments().output()).contains("hdfs:///runs/ames-1");
    }

    @Test
    void textJobsShipTheirLocalConfigOnYarnAndPassCorpusGlobsUnexpanded() throws ClassNotFoundException {
        List<String> corpus = List.of("hdfs:///data/corpora/chinese-poetry/quantangshi/poet.tang.*.json",
                "hdfs:///data/corpora/chinese-poetry/yudingquantangshi/json");
        SubmitCommand command = dryRun("--cluster", "yarn", "--jar", JAR, "text-pipeline", "--config", TEXT_CONFIG,
                "--input", corpus.get(0), "--input", corpus.get(1), "--output", "hdfs:///runs/poetry-1");

        assertThat(command.option("--deploy-mode")).isEqualTo("cluster");
        assertThat(command.option("--name")).isEqualTo("greentrain-text-pipeline");
        assertMainClassExists(command);
        List<String> files = Arrays.asList(command.option("--files").split(","));
        assertThat(files).extracting(f -> Path.of(f).getFileName().toString())
                .containsExactly("gpu-discovery.sh", "log4j2.properties", "chinese-poetry.conf");
        JobCommandLines.StepCommand step = JobCommandLines.parseStep(command.jobArgs());
        assertThat(step.job()).isEqualTo(Job.fromCliName("text-pipeline"));
        assertThat(step.arguments().configPath()).contains("chinese-poetry.conf");
        // The driver loads the shipped copy: the corpus and the text settings come through intact.
        JobConfig config = JobCommandLines.configOf(step, ProjectFiles.ROOT.resolve(files.get(2)).toString());
        assertThat(config.requireInputPaths()).isEqualTo(corpus);
        assertThat(config.outputDir()).isEqualTo("hdfs:///runs/poetry-1");
        assertThat(config.textCleaningSpec()).isNotNull();
        assertThat(config.lmSettings()).isNotNull();
    }

    @Test
    void kubernetesUsesTheImagesJarAndTheGpuPodTemplate() throws ClassNotFoundException {
        SubmitCommand command = dryRun("--cluster", "k8s", "--master", "k8s://https://api.example:6443",
                "--image", "registry.example/greentrain:0.1", "--gpu", "--conf", "spark.executor.instances=4",
                "evaluate", "--config", "s3a://greentrain-jobs/ames.conf", "--output", "s3a://greentrain-runs/ames-1");

        assertThat(command.option("--deploy-mode")).isEqualTo("cluster");
        assertMainClassExists(command);
        assertThat(Path.of(command.option("--properties-file")))
                .isEqualTo(ProjectFiles.CLUSTER_CONF.resolve("spark-defaults-k8s-gpu.conf"));
        assertThat(command.confs()).contains("spark.kubernetes.container.image=registry.example/greentrain:0.1",
                "spark.executor.instances=4");
        String template = command.confs().stream().filter(c -> c.startsWith("spark.kubernetes.executor.podTemplateFile="))
                .findFirst().orElseThrow().split("=", 2)[1];
        assertThat(Path.of(template)).isRegularFile();
        assertThat(command.jar()).isEqualTo("local:///opt/greentrain/greentrain-jobs-app.jar");
        assertThat(JobCommandLines.parseStep(command.jobArgs()).job()).isEqualTo(Job.fromCliName("evaluate"));
    }

    @Test
    void refusesWhatCannotWorkWithExitCode2AndAReason() {
        assertRefused("no JOB given", "--cluster", "yarn", "--jar", JAR);
        assertRefused("needs --master spark://", "--cluster", "standalone", "--jar", JAR, "clean");
        assertRefused("unknown cluster kind 'mesos'", "--cluster", "mesos", "--jar", JAR, "clean");
        assertRefused("needs --image", "--cluster", "k8s", "--master", "k8s://https://h:6443", "clean");
        assertRefused("cannot read the local file", "--cluster", "k8s", "--master", "k8s://https://h:6443", "--image", "i",
                "clean", "--config", AMES_CONFIG);
        assertRefused("does not exist", "--cluster", "yarn", "--jar", JAR, "clean", "--config", "no/such.conf");
    }

    @Test
    void isValidBashAndShellcheckCleanWhereShellcheckIsInstalled() {
        for (String script : List.of(SUBMIT, "cluster-conf/gpu-discovery.sh")) {
            ProjectFiles.Result syntax = ProjectFiles.run("bash", "-n", script);
            assertThat(syntax.exitCode()).as("bash -n %s: %s", script, syntax.stderr()).isZero();
        }
        assumeTrue(ProjectFiles.run("bash", "-c", "command -v shellcheck").exitCode() == 0, "shellcheck is not installed");
        ProjectFiles.Result lint = ProjectFiles.run("shellcheck", SUBMIT, "cluster-conf/gpu-discovery.sh");
        assertThat(lint.exitCode()).as("shellcheck: %s", lint.stdout()).isZero();
    }

    private static void assertMainClassExists(SubmitCommand command) throws ClassNotFoundException {
        assertThat(command.option("--class")).isEqualTo(GreentrainMain.class.getName());
        Class.forName(command.option("--class"));
    }

    private static void assertRefused(String reason, String... args) {
        List<String> command = new ArrayList<>(List.of(SUBMIT, "--dry-run"));
        command.addAll(List.of(args));
        ProjectFiles.Result result = ProjectFiles.run(command, Map.of());
        assertThat(result.exitCode()).as("exit code of %s", command).isEqualTo(2);
        assertThat(result.stderr()).as("stderr of %s", command).contains(reason);
    }

    /** Runs the script with --dry-run and lets bash split the printed line, as a user pasting it would. */
    private static SubmitCommand dryRun(String... args) {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "set -e; line=$(\"$@\"); eval \"parts=($line)\"; printf '%s\\n' \"${parts[@]}\"", "split", SUBMIT,
                "--dry-run"));
        command.addAll(List.of(args));
        ProjectFiles.Result result = ProjectFiles.run(command, Map.of());
        assertThat(result.exitCode()).as("%s failed: %s", command, result.stderr()).isZero();
        List<String> parts = result.stdout().lines().toList();
        Map<String, List<String>> options = new LinkedHashMap<>();
        int i = 1;
        while (parts.get(i).startsWith("--")) {
            options.computeIfAbsent(parts.get(i), k -> new ArrayList<>()).add(parts.get(i + 1));
            i += 2;
        }
        return new SubmitCommand(parts.get(0), options, parts.get(i), parts.subList(i + 1, parts.size()));
    }
}
