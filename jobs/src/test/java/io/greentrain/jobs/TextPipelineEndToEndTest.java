package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.greentrain.energy.ledger.LedgerReader;
import io.greentrain.energy.ledger.WorkRecord;
import io.greentrain.formats.JsonFiles;
import io.greentrain.testsupport.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text pipeline in local[2] as {@code run-text-example.sh} runs it, on the e-mail sample in the
 * repository with a smaller model and fewer epochs; then {@code text-clean} of the Chinese poetry
 * sample with its example configuration. Each test checks one promise of the output.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TextPipelineEndToEndTest {

    static final String SPAM_SAMPLE = "../data/text/spam-assassin-sample/*/*.eml";
    static final String SPAM_CONF = "../data/text/spam-assassin.conf";
    static final String POETRY_SAMPLE = "../data/text/chinese-poetry-sample/*.json";
    static final String POETRY_CONF = "../data/text/chinese-poetry.conf";

    @TempDir
    static Path work;

    static SparkSession spark;
    static JsonNode summary;
    static String progress;
    static String[] pipelineArguments;

    @BeforeAll
    static void runPipeline() {
        Path output = work.resolve("text-run");
        RunLayout layout = new RunLayout(output.toString());
        spark = LocalSpark.session("greentrain-jobs-tests", Map.of(
                "spark.plugins", io.greentrain.energy.EnergyPlugin.class.getName(),
                io.greentrain.energy.EnergyConf.LEDGER_PATH.key(), layout.ledger(),
                io.greentrain.energy.EnergyConf.LEDGER_RUN_ID.key(), layout.runId()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pipelineArguments = new String[] {"--config", SPAM_CONF, "--input", SPAM_SAMPLE,
                "--output", output.toString(), "--set", "greentrain.train.epochs=2",
                "--set", "greentrain.lm.lstm-size=64", "--set", "greentrain.lm.sample.length=80"};
        int exit = JobRunner.run(Job.fromCliName("text-pipeline"), pipelineArguments, new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err);
        progress = out.toString(StandardCharsets.UTF_8);
        System.out.print(progress);
        assertThat(exit).as("text-pipeline exit code").isEqualTo(JobRunner.OK);
        summary = JsonFiles.read(output.resolve("summary.json").toString(), new Configuration());
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void everyDocumentIsKeptOrRemovedForOneReasonAndTheFoldersHoldThem() {
        JsonNode clean = summary.path("textClean");
        long removed = 0;
        List<String> reasons = new ArrayList<>();
        for (var reason : (Iterable<Map.Entry<String, JsonNode>>) () -> clean.path("removedByReason").fields()) {
            long count = reason.getValue().asLong();
            removed += count;
            if (count > 0) {
                reasons.add(reason.getKey());
                String folder = summary.path("paths").path("removed").asText() + "/" + reason.getKey();
                assertThat(spark.read().parquet(folder).count()).as(reason.getKey()).isEqualTo(count);
            }
        }
        assertThat(clean.path("docsIn").asLong()).isEqualTo(109).isEqualTo(clean.path("docsKept").asLong() + removed);
        assertThat(spark.read().parquet(summary.path("paths").path("kept").asText()).count())
                .isEqualTo(clean.path("docsKept").asLong());
        // The sample holds byte-identical bodies, variants of the same message, and mail that fails the filters.
        assertThat(reasons).contains("exact_duplicate", "near_duplicate", "too_few_words");
        assertThat(clean.path("nearDuplicates").path("clusters").asLong()).isPositive();
        assertThat(clean.path("encodingErrorsReplaced").asLong()).isPositive();
        assertThat(clean.path("attachmentsDropped").asLong()).isPositive();
        assertThat(clean.path("inputSha256").asText()).matches("[0-9a-f]{64}");
    }

    @Test
    void tokensReconcileWithTheSequencesWritten() {
        JsonNode prepare = summary.path("textPrepare");
        assertThat(prepare.path("documentsUsed").asLong()).isEqualTo(summary.path("textClean").path("docsKept").asLong());
        assertThat(prepare.path("sampled").asBoolean()).isFalse();
        JsonNode train = prepare.path("train");
        JsonNode heldOut = prepare.path("heldOut");
        assertThat(train.path("documents").asLong() + heldOut.path("documents").asLong())
                .isEqualTo(prepare.path("documentsUsed").asLong());
        // Each document adds a boundary token before its characters.
        assertThat(prepare.path("tokens").asLong())
                .isEqualTo(prepare.path("charactersUsed").asLong() + prepare.path("documentsUsed").asLong());
        assertThat(train.path("sequences").asLong()).isPositive();
        assertThat(heldOut.path("sequences").asLong()).isPositive();
        assertThat(prepare.path("vocabulary").path("coverage").asDouble()).isGreaterThan(0.99);
    }

    @Test
    @Order(1) // before the retry test, which replaces the model's input and so removes the model
    void languageModelBeatsTheUnigramBaselineAndSamplesText() {
        JsonNode lm = summary.path("lm");
        assertThat(lm.path("epochs").asInt()).isEqualTo(2);
        assertThat(lm.path("history")).hasSize(2);
        assertThat(lm.path("perplexity").asDouble()).isLessThan(lm.path("unigramPerplexity").asDouble());
        // Every train sequence is fitted once per epoch.
        assertThat(lm.path("examplesTrained").asLong()).isEqualTo(2 * lm.path("trainSequences").asLong());
        assertThat(lm.path("tokensTrained").asLong())
                .isEqualTo(lm.path("examplesTrained").asLong() * summary.path("textPrepare").path("train")
                        .path("sequenceLength").asLong());
        assertThat(lm.path("sample").asText().codePointCount(0, lm.path("sample").asText().length())).isEqualTo(80);
        assertThat(Path.of(summary.path("paths").path("model").asText(), "network.zip")).isRegularFile();
        assertThat(Path.of(summary.path("paths").path("model").asText(), "vocabulary.json")).isRegularFile();
        assertThat(progress).contains("held-out perplexity").contains("sample");
    }

    @Test
    void ledgerHoldsTheTokensOfEveryEpochAndVerifies() throws IOException {
        JsonNode lm = summary.path("lm");
        assertThat(summary.path("energy").path("joulesPerTrainingToken").asDouble()).isPositive();
        assertThat(summary.path("carbon").path("gco2ePerMillionTrainingTokens").asDouble()).isPositive();
        String ledger = summary.path("paths").path("ledger").asText();
        org.apache.hadoop.fs.Path ledgerPath = new org.apache.hadoop.fs.Path(ledger);
        List<WorkRecord> tokens;
        try (var records = new LedgerReader(ledgerPath.getFileSystem(new Configuration()), ledgerPath).records()) {
            tokens = records.filter(WorkRecord.class::isInstance).map(WorkRecord.class::cast)
                    .filter(w -> w.unit().equals(WorkRecord.TOKENS)).toList();
        }
        assertThat(tokens).extracting(WorkRecord::phase).containsExactly("train/epoch-1", "train/epoch-2");
        assertThat(tokens.stream().mapToLong(WorkRecord::amount).sum()).isEqualTo(lm.path("tokensTrained").asLong());
        // The corpus's gross (as read) and effective (after quality filters and dedup) training tokens, for SCI.
        JsonNode clean = summary.path("textClean");
        List<WorkRecord> corpusTokens;
        try (var records = new LedgerReader(ledgerPath.getFileSystem(new Configuration()), ledgerPath).records()) {
            corpusTokens = records.filter(WorkRecord.class::isInstance).map(WorkRecord.class::cast)
                    .filter(w -> w.phase().equals("text-clean")).toList();
        }
        // The pipeline ran first; other tests' runs share this session's ledger and add their own lines after it.
        assertThat(corpusTokens.subList(0, Math.min(2, corpusTokens.size())))
                .extracting(WorkRecord::unit, WorkRecord::amount).containsExactly(
                org.assertj.core.groups.Tuple.tuple(WorkRecord.GROSS_TOKENS, clean.path("charsIn").asLong()),
                org.assertj.core.groups.Tuple.tuple(WorkRecord.EFFECTIVE_TOKENS, clean.path("charsKept").asLong()));
        assertThat(clean.path("grossTokens").asLong()).isEqualTo(clean.path("charsIn").asLong())
                .isGreaterThan(clean.path("effectiveTokens").asLong());
        assertThat(clean.path("effectiveTokens").asLong()).isEqualTo(clean.path("charsKept").asLong()).isPositive();

        ByteArrayOutputStream verifyOut = new ByteArrayOutputStream();
        int verified = JobRunner.run(Job.LEDGER, new String[] {"verify", ledger},
                new PrintStream(verifyOut, true, StandardCharsets.UTF_8), System.err);
        assertThat(verified).isZero();
        assertThat(verifyOut.toString(StandardCharsets.UTF_8)).contains("intact");
    }

    @Test
    void chinesePoetryIsCleanedInCharactersAndItsVariantEditionsMerged() {
        Path output = work.resolve("poetry-run");
        int exit = JobRunner.run(Job.fromCliName("text-clean"), new String[] {"--config", POETRY_CONF, "--input", POETRY_SAMPLE,
                "--output", output.toString()}, System.out, System.err);
        assertThat(exit).isEqualTo(JobRunner.OK);
        JsonNode clean = JsonFiles.read(output.resolve("summary.json").toString(), new Configuration()).path("textClean");
        assertThat(clean.path("docsIn").asLong()).isEqualTo(1119);
        assertThat(clean.path("removedByReason").path("exact_duplicate").asLong()).isPositive();
        assertThat(clean.path("removedByReason").path("near_duplicate").asLong()).isPositive();
        // Short poems are real text: the word-count rules do not apply to Chinese.
        assertThat(clean.path("removedByReason").path("too_few_words").asLong()).isLessThan(10);
        assertThat(clean.path("keptByScript").path("unspaced").asLong()).isEqualTo(clean.path("docsKept").asLong());
    }

    @Test
    void aRunThatKeepsAlmostNothingEndsWithAWarningAndMinKeptFractionMakesItAnError() throws IOException {
        Path fortunes = work.resolve("fortunes");
        Files.writeString(fortunes, "%\nA fool and his money are soon parted.\n%\nNever put off till tomorrow what "
                + "you can do today.\n-- proverb\n%\nFifty percent off: 50% of nothing.\n%\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int wholeFile = JobRunner.run(Job.fromCliName("text-clean"), new String[] {"--input", fortunes.toString(),
                "--output", work.resolve("fortune-file-run").toString(), "--set", "greentrain.text.format=text-file"},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertThat(wholeFile).isEqualTo(JobRunner.OK);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("text-clean: warning: text-clean kept 0 of 1 documents (0.00%), under "
                        + "greentrain.text.warn-kept-fraction = 0.01; top removal reasons: too_few_words 1.")
                .contains("  warning   text-clean kept 0 of 1 documents");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int byRecord = JobRunner.run(Job.fromCliName("text-clean"), new String[] {"--input", fortunes.toString(),
                "--output", work.resolve("fortune-records-run").toString(), "--set", "greentrain.text.format=text-file",
                "--set", "greentrain.text.record-separator=\"^%$\"", "--set", "greentrain.text.min-kept-fraction=0.5"},
                System.out, new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(byRecord).isEqualTo(JobRunner.BAD_USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: text-clean kept 0 of 3 documents (0.00%), "
                + "under greentrain.text.min-kept-fraction = 0.5; top removal reasons: too_few_words 3.");
    }

    @Test
    @Order(10)
    void aRetryOfTheFinishedPipelineSkipsEveryStepAndARemovedMarkerReproducesTheStep() throws IOException {
        Path output = work.resolve("text-run");
        ByteArrayOutputStream retry = new ByteArrayOutputStream();
        assertThat(JobRunner.run(Job.fromCliName("text-pipeline"), pipelineArguments, new PrintStream(retry, true, StandardCharsets.UTF_8),
                System.err)).isEqualTo(JobRunner.OK);
        assertThat(retry.toString(StandardCharsets.UTF_8))
                .contains("text-clean: skipped").contains("text-prepare: skipped").contains("text-train: skipped");

        Map<String, byte[]> before = filesUnder(output.resolve("text/sequences"));
        byte[] vocabularyBefore = Files.readAllBytes(output.resolve("text/vocabulary.json"));
        Files.delete(output.resolve("_markers/text-prepare.json"));
        assertThat(JobRunner.run(Job.fromCliName("text-prepare"), pipelineArguments, System.out, System.err)).isEqualTo(JobRunner.OK);

        assertThat(output.resolve("_markers/text-prepare.json")).isRegularFile();
        // The step after it is no longer finished: its input was replaced, and no model of the old input survives.
        assertThat(output.resolve("_markers/text-train.json")).doesNotExist();
        assertThat(output.resolve("lm/network.zip")).doesNotExist();
        Map<String, byte[]> after = filesUnder(output.resolve("text/sequences"));
        assertThat(after.keySet()).containsExactlyElementsOf(before.keySet()).isNotEmpty();
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
        assertThat(Files.readAllBytes(output.resolve("text/vocabulary.json"))).isEqualTo(vocabularyBefore);
    }

    @Test
    @Order(Integer.MAX_VALUE) // last, after the tests without an order too: its trainings add lines to the ledger
    void theLeversJobComparesLanguageModelSettingsOnHeldOutPerplexity() throws IOException {
        Path output = work.resolve("text-run");
        Path grid = work.resolve("lm-levers.conf");
        Files.writeString(grid, String.join("\n",
                "levers = [",
                "  { name = default }",
                "  { name = lstm-32, set { greentrain.lm.lstm-size = 32 } }",
                "  { name = pruned, set { greentrain.levers.prune.sparsity = 0.5 } }",
                "]"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = JobRunner.run(Job.LEVERS, new String[] {"--config", SPAM_CONF, "--output", output.toString(),
            "--grid", grid.toString(), "--set", "greentrain.train.epochs=1", "--set", "greentrain.lm.lstm-size=64",
            "--set", "greentrain.lm.sample.length=20", "--set", "greentrain.lm.evaluate-each-epoch=true",
            "--set", "greentrain.train.target=\"perplexity <= 1000\""},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isEqualTo(JobRunner.OK);

        JsonNode levers = JsonFiles.read(output.resolve("levers/summary.json").toString(), new Configuration());
        assertThat(levers.path("accuracyMetric").asText()).isEqualTo("perplexity");
        JsonNode rows = levers.path("settings");
        assertThat(rows).extracting(row -> row.path("name").asText()).containsExactly("default", "lstm-32", "pruned");
        for (JsonNode row : List.of(rows.get(0), rows.get(1))) {
            assertThat(row.has("failed")).as(row.path("failed").asText()).isFalse();
            assertThat(row.path("languageModel").asBoolean()).isTrue();
            assertThat(row.path("validation").path("perplexity").asDouble()).isPositive()
                    .isLessThan(row.path("validation").path("unigramPerplexity").asDouble() * 2);
            assertThat(row.path("epochsRun").asInt()).isEqualTo(1);
            assertThat(row.path("target").path("reached").asBoolean()).isTrue();
            assertThat(row.path("joules").asDouble()).isPositive();
            assertThat(row.path("seconds").asDouble()).isPositive();
            assertThat(row.path("trainingFlops").asDouble())
                    .isEqualTo(6.0 * row.path("parameters").asLong() * row.path("tokensTrained").asLong()).isPositive();
        }
        assertThat(rows.get(1).path("parameters").asLong()).isLessThan(rows.get(0).path("parameters").asLong());
        assertThat(rows.get(2).path("failed").asText()).contains("greentrain.levers.prune.sparsity")
                .contains("not of the language model");
        assertThat(levers.path("recommended").asText()).isIn("default", "lstm-32");
        assertThat(output.resolve("levers/lstm-32/lm/network.zip")).isRegularFile();
    }

    /** Every file under {@code dir} (checksums left out), by relative path. */
    private static Map<String, byte[]> filesUnder(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().endsWith(".crc"))
                    .toList()) {
                files.put(dir.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }
}
