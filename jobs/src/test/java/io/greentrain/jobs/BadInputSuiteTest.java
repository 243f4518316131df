package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.greentrain.formats.JsonFiles;
import io.greentrain.testsupport.LocalSpark;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input suite: every kind of mistake a new user makes with their own data ends as the
 * project promises. A mistake in the input as a whole, the configuration or the output folder
 * stops the job with exit code 2 and one {@code error:} line naming the file, key, column or folder,
 * and no stack trace; a bad row is quarantined with its reason and column, and the counts
 * reconcile (rows in = kept + quarantined + duplicates); a fault of the run (a full disk) is exit 1
 * with one line naming the step, and keeps what was committed.
 *
 * <p>The jobs run in-process through {@link JobRunner}, the entry point of {@link GreentrainMain},
 * on one shared local Spark session.
 */
class BadInputSuiteTest {

    private static final String HEADER = "id,price,zone";
    private static final List<String> GOOD_ROWS = List.of("1,100.5,A", "2,200,B", "3,300,A", "4,400.25,B",
            "5,500,A", "6,600,B", "7,700,A", "8,800,B");

    @TempDir
    static Path shared;
    static Path config;
    static SparkSession spark;

    @TempDir
    Path work;

    @BeforeAll
    static void startSparkAndWriteTheConfiguration() throws IOException {
        spark = LocalSpark.session("greentrain-bad-input-suite",
                Map.of("spark.hadoop.fs." + FaultyFileSystem.SCHEME + ".impl", FaultyFileSystem.class.getName(),
                        "spark.hadoop.fs.AbstractFileSystem." + FaultyFileSystem.SCHEME + ".impl",
                        FaultyFileSystem.AbstractFaulty.class.getName()));
        config = shared.resolve("columns.conf");
        Files.writeString(config, String.join("\n",
                "greentrain.clean.columns = [",
                "  { name = id, type = long }",
                "  { name = price, type = double, min = 0 }",
                "  { name = zone, type = string, required = false }",
                "]",
                "greentrain.features.label = price",
                "greentrain.features.split { train = 0.6, validation = 0.2, test = 0.2 }",
                ""));
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @AfterEach
    void switchTheFaultsOff() {
        FaultyFileSystem.fullDiskUnder = null;
        FaultyFileSystem.readOnlyUnder = null;
    }

    // ---- the harness ----

    record Outcome(int exit, String out, String err) {

        /** Exit 2, one line naming what is wrong, no stack trace. */
        Outcome isUserErrorNaming(String... fragments) {
            assertThat(exit).as("exit code; stderr: %s", err).isEqualTo(JobRunner.BAD_USAGE);
            assertThat(err.lines().toList()).as("stderr").hasSize(1);
            assertThat(err).startsWith("error: ").contains(fragments);
            return hasNoStackTrace();
        }

        Outcome succeeded() {
            assertThat(exit).as("exit code; stderr: %s", err).isZero();
            return hasNoStackTrace();
        }

        Outcome hasNoStackTrace() {
            assertThat(err).doesNotContain("\tat ").doesNotContain("Exception in thread")
                    .doesNotContainPattern("\\(\\w+\\.(java|scala):\\d+\\)");
            return this;
        }
    }

    static Outcome run(String job, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = JobRunner.run(Job.fromCliName(job), args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        System.out.print(out.toString(StandardCharsets.UTF_8));
        System.err.print(err.toString(StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs {@code clean} on {@code inputs} into {@code work/out} with the suite's columns and {@code extra} arguments. */
    Outcome clean(List<Path> inputs, String... extra) {
        List<String> args = new ArrayList<>(List.of("--config", config.toString(), "--output", output().toString()));
        inputs.forEach(input -> args.addAll(List.of("--input", input.toString())));
        args.addAll(Arrays.asList(extra));
        return run("clean", args.toArray(String[]::new));
    }

    Outcome clean(Path input, String... extra) {
        return clean(List.of(input), extra);
    }

    Path output() {
        return work.resolve("out");
    }

    JsonNode cleanSection() {
        return JsonFiles.read(new RunLayout(output().toString()).summary(), new Configuration()).path("clean");
    }

    /** The summary's counts, which must reconcile, and the quarantine per reason and column. */
    JsonNode assertCounts(long in, long kept, long quarantined, long duplicates) {
        JsonNode clean = cleanSection();
        assertThat(clean.path("rowsIn").asLong()).isEqualTo(clean.path("rowsKept").asLong()
                + clean.path("rowsQuarantined").asLong() + clean.path("rowsDuplicate").asLong());
        assertThat(List.of(clean.path("rowsIn").asLong(), clean.path("rowsKept").asLong(),
                clean.path("rowsQuarantined").asLong(), clean.path("rowsDuplicate").asLong()))
                .as("in, kept, quarantined, duplicates").containsExactly(in, kept, quarantined, duplicates);
        return clean;
    }

    Path csv(String name, String... lines) throws IOException {
        return write(name, String.join("\n", lines) + "\n");
    }

    Path write(String name, String content) throws IOException {
        Path file = work.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    Path bytes(String name, byte[] content) throws IOException {
        Path file = work.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, content);
        return file;
    }

    static String[] rows(String header, List<String> body, String... more) {
        List<String> lines = new ArrayList<>();
        lines.add(header);
        lines.addAll(body);
        lines.addAll(List.of(more));
        return lines.toArray(String[]::new);
    }

    static byte[] gzip(String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    static String goodCsv() {
        return String.join("\n", rows(HEADER, GOOD_ROWS)) + "\n";
    }

    // ---- encodings and line endings ----

    @Test
    void readsAFileWithAByteOrderMark() throws IOException {
        clean(write("bom.csv", "\uFEFF" + goodCsv())).succeeded();
        assertCounts(8, 8, 0, 0);
    }

    @Test
    void readsWindowsLineEndings() throws IOException {
        clean(write("crlf.csv", goodCsv().replace("\n", "\r\n"))).succeeded();
        assertCounts(8, 8, 0, 0);
    }

    @Test
    void readsOldMacLineEndings() throws IOException {
        clean(write("cr.csv", goodCsv().replace("\n", "\r"))).succeeded();
        assertCounts(8, 8, 0, 0);
    }

    @Test
    void quarantinesALatin1LineAsInvalidEncodingWithoutGuessing() throws IOException {
        byte[] head = goodCsv().getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = "9,900,Z\u00fcrich\n".getBytes(Charset.forName("ISO-8859-1"));
        byte[] all = Arrays.copyOf(head, head.length + latin1.length);
        System.arraycopy(latin1, 0, all, head.length, latin1.length);
        Outcome outcome = clean(bytes("latin1.csv", all)).succeeded();
        JsonNode clean = assertCounts(9, 8, 1, 0);
        assertThat(clean.path("quarantinedByColumn").path("invalid_encoding").path("(row)").asLong()).isEqualTo(1);
        assertThat(outcome.out()).contains("invalid_encoding 1 ((row): 1)");
    }

    @Test
    void refusesUtf16NamingTheFile() throws IOException {
        Path file = work.resolve("utf16.csv");
        Files.write(file, goodCsv().getBytes(StandardCharsets.UTF_16));
        clean(file).isUserErrorNaming("utf16.csv", "UTF-16");
    }

    @Test
    void quarantinesANulByteInANumberNamingTheColumn() throws IOException {
        clean(csv("nul.csv", rows(HEADER, GOOD_ROWS, "9,9\u000000,A"))).succeeded();
        assertThat(assertCounts(9, 8, 1, 0).path("quarantinedByColumn").path("invalid_type").path("price").asLong())
                .isEqualTo(1);
    }

    // ---- CSV structure ----

    @Test
    void keepsAQuotedFieldWithAnEmbeddedComma() throws IOException {
        clean(csv("comma.csv", rows(HEADER, GOOD_ROWS, "9,900,\"A,B\""))).succeeded();
        assertCounts(9, 9, 0, 0);
    }

    @Test
    void keepsAnEscapedQuote() throws IOException {
        clean(csv("quote.csv", rows(HEADER, GOOD_ROWS, "9,900,\"say \"\"hi\"\"\""))).succeeded();
        assertCounts(9, 9, 0, 0);
    }

    @Test
    void quarantinesAMultiLineQuotedFieldAndCountsBothLines() throws IOException {
        clean(csv("multiline.csv", rows(HEADER, GOOD_ROWS, "9,900,\"first line", "second line\""))).succeeded();
        JsonNode clean = cleanSection();
        assertThat(clean.path("rowsIn").asLong()).isEqualTo(10);
        assertThat(clean.path("quarantinedByReason").path("malformed_row").asLong()).isPositive();
        assertThat(clean.path("rowsKept").asLong() + clean.path("rowsQuarantined").asLong()).isEqualTo(10);
    }

    @Test
    void quarantinesTooFewColumns() throws IOException {
        Outcome outcome = clean(csv("few.csv", rows(HEADER, GOOD_ROWS, "9,900"))).succeeded();
        assertCounts(9, 8, 1, 0);
        assertThat(outcome.out()).contains("malformed_row 1 ((row): 1)");
    }

    @Test
    void quarantinesTooManyColumns() throws IOException {
        clean(csv("many.csv", rows(HEADER, GOOD_ROWS, "9,900,A,extra"))).succeeded();
        assertThat(assertCounts(9, 8, 1, 0).path("quarantinedByReason").path("malformed_row").asLong()).isEqualTo(1);
    }

    @Test
    void refusesAnEmptyFileNamingIt() throws IOException {
        clean(write("empty.csv", "")).isUserErrorNaming("every input file is empty", "empty.csv");
    }

    @Test
    void readsAHeaderOnlyFileAsNoRows() throws IOException {
        clean(csv("header-only.csv", HEADER)).succeeded();
        assertCounts(0, 0, 0, 0);
    }

    @Test
    void refusesAFileWithoutAHeaderNamingTheMissingColumn() throws IOException {
        clean(csv("no-header.csv", GOOD_ROWS.toArray(String[]::new)))
                .isUserErrorNaming("no-header.csv", "lacks declared column 'id'");
    }

    @Test
    void refusesDuplicateHeaderNamesNamingTheColumn() throws IOException {
        clean(csv("dup-header.csv", rows("id,price,price,zone", List.of("1,2,3,A"))))
                .isUserErrorNaming("dup-header.csv", "repeated column name: 'price'");
    }

    @Test
    void readsReorderedColumnsByName() throws IOException {
        clean(csv("reordered.csv", "zone,price,id", "A,100,1", "B,200,2")).succeeded();
        assertCounts(2, 2, 0, 0);
    }

    @Test
    void recordsAnUndeclaredExtraColumn() throws IOException {
        clean(csv("extra.csv", "id,price,zone,colour", "1,100,A,red", "2,200,B,blue")).succeeded();
        assertThat(assertCounts(2, 2, 0, 0).path("undeclaredColumns").toString()).contains("colour");
    }

    @Test
    void keepsAOneMegabyteLine() throws IOException {
        clean(csv("long.csv", rows(HEADER, GOOD_ROWS, "9,900," + "x".repeat(1 << 20)))).succeeded();
        assertCounts(9, 9, 0, 0);
    }

    @Test
    void removesExactDuplicatesAndCountsThem() throws IOException {
        clean(csv("dups.csv", rows(HEADER, GOOD_ROWS, "1,100.5,A"))).succeeded();
        assertCounts(9, 8, 0, 1);
    }

    // ---- values ----

    @Test
    void quarantinesNonNumericValuesNamingTheColumnAndTheValue() throws IOException {
        Outcome outcome = clean(csv("text-in-number.csv", rows(HEADER, GOOD_ROWS, "9,cheap,A"))).succeeded();
        JsonNode clean = assertCounts(9, 8, 1, 0);
        assertThat(outcome.out()).contains("invalid_type 1 (price: 1)");
        assertThat(clean.path("quarantineExamples").get(0).path("examples").get(0).asText())
                .isEqualTo("price = 'cheap' is not a double");
    }

    @Test
    void quarantinesNanInfinityAndOverflow() throws IOException {
        clean(csv("nan.csv", rows(HEADER, GOOD_ROWS, "9,NaN,A", "10,Infinity,A", "11,1e309,A"))).succeeded();
        assertThat(assertCounts(11, 8, 3, 0).path("quarantinedByColumn").path("invalid_type").path("price").asLong())
                .isEqualTo(3);
    }

    @Test
    void quarantinesNumbersWithJavaSuffixesAndHexFloats() throws IOException {
        clean(csv("java-numbers.csv", rows(HEADER, GOOD_ROWS, "9,93.6d,A", "10,93.6f,A", "11,0x1.76p6,A")))
                .succeeded();
        assertThat(assertCounts(11, 8, 3, 0).path("quarantinedByColumn").path("invalid_type").path("price").asLong())
                .isEqualTo(3);
    }

    @Test
    void quarantinesThousandsSeparators() throws IOException {
        clean(csv("thousands.csv", rows(HEADER, GOOD_ROWS, "9,\"1,234.5\",A"))).succeeded();
        assertThat(assertCounts(9, 8, 1, 0).path("quarantinedByColumn").path("invalid_type").path("price").asLong())
                .isEqualTo(1);
    }

    @Test
    void quarantinesAnEmptyRequiredLabel() throws IOException {
        Outcome outcome = clean(csv("empty-label.csv", rows(HEADER, GOOD_ROWS, "9,,A"))).succeeded();
        assertCounts(9, 8, 1, 0);
        assertThat(outcome.out()).contains("missing_required 1 (price: 1)");
    }

    @Test
    void quarantinesNegativeValuesBelowTheDeclaredMinimum() throws IOException {
        clean(csv("negative.csv", rows(HEADER, GOOD_ROWS, "9,-5,A"))).succeeded();
        assertThat(assertCounts(9, 8, 1, 0).path("quarantinedByColumn").path("out_of_range").path("price").asLong())
                .isEqualTo(1);
    }

    @Test
    void refusesLog1pOnAColumnWithoutANonNegativeMinimumBeforeSparkWork() throws IOException {
        clean(write("data.csv", goodCsv()), "--set", "greentrain.features.log1p=[id]")
                .isUserErrorNaming("greentrain.features.log1p[0]", "'id'", "min >= 0");
        assertThat(output()).doesNotExist();
    }

    // ---- the guard ----

    @Test
    void stopsWhenEveryRowIsQuarantinedNamingTheColumnAndKeepsTheRowsForInspection() throws IOException {
        clean(csv("all-bad.csv", HEADER, "1,a,A", "2,b,B", "3,c,A"))
                .isUserErrorNaming("quarantined 3 of 3 rows", "invalid_type in column price",
                        "greentrain.clean.max-quarantined-fraction");
        RunLayout staged = new RunLayout(output().toString()).staging("clean");
        assertThat(Path.of(staged.quarantineJson())).isDirectory();
        assertThat(new RunLayout(output().toString()).marker("clean")).doesNotMatch(m -> Files.exists(Path.of(m)));

        Outcome inspect = run("inspect", output().toString());
        assertThat(inspect.exit()).isZero();
        assertThat(inspect.out()).contains("did not commit", "invalid_type price: 3", "price = 'a' is not a double",
                "\"reason\":\"invalid_type\"");
    }

    @Test
    void stopsWhenADecimalColumnIsDeclaredWholeNamingIt() throws IOException {
        Path data = csv("baths.csv", "id,price,zone,baths", "1,100,A,2.5", "2,200,B,1.5", "3,300,A,2", "4,400,B,3.5");
        String columns = "greentrain.clean.columns=[{name = id, type = long}, {name = price, type = double}, "
                + "{name = zone}, {name = baths, type = long}]";
        clean(data, "--set", columns).isUserErrorNaming("invalid_type in column baths", "3 of 4 rows",
                "baths = '2.5' is not a whole number");
    }

    @Test
    void letsTheGuardBeRaised() throws IOException {
        clean(csv("all-bad.csv", HEADER, "1,a,A", "2,100,B"), "--set", "greentrain.clean.max-quarantined-fraction=1")
                .succeeded();
        assertCounts(2, 1, 1, 0);
    }

    // ---- input files and paths ----

    @Test
    void readsGzipAndBzip2Inputs() throws IOException {
        Path gz = bytes("in/data.csv.gz", gzip(goodCsv()));
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        BZip2Codec codec = new BZip2Codec();
        codec.setConf(new Configuration());
        try (OutputStream out = codec.createOutputStream(compressed)) {
            out.write(String.join("\n", rows(HEADER, List.of("9,900,A", "10,1000,B"))).getBytes(StandardCharsets.UTF_8));
        }
        Path bz2 = bytes("in/more.csv.bz2", compressed.toByteArray());
        clean(List.of(gz, bz2)).succeeded();
        assertCounts(10, 10, 0, 0);
    }

    @Test
    void refusesATruncatedGzipNamingTheFile() throws IOException {
        StringBuilder many = new StringBuilder(HEADER + "\n");
        for (int i = 1; i <= 20_000; i++) {
            many.append(i).append(',').append(i * 3).append(",zone-").append(i % 97).append('\n');
        }
        byte[] whole = gzip(many.toString());
        clean(bytes("truncated.csv.gz", Arrays.copyOf(whole, whole.length / 2)))
                .isUserErrorNaming("truncated.csv.gz", "truncated or damaged", "lines");
    }

    @Test
    void refusesAFolderHoldingAFileThatIsNotOurCsvNamingThatFile() throws IOException {
        write("folder/data.csv", goodCsv());
        write("folder/notes.txt", "these are my notes\n");
        clean(work.resolve("folder")).isUserErrorNaming("notes.txt", "lacks declared column 'id'");
    }

    @Test
    void readsAFolderSkippingHiddenFiles() throws IOException {
        write("folder/data.csv", goodCsv());
        write("folder/.data.csv.crc", "checksum");
        write("folder/_SUCCESS", "");
        clean(work.resolve("folder")).succeeded();
        assertCounts(8, 8, 0, 0);
    }

    @Test
    void refusesAGlobThatMatchesNothingNamingIt() {
        clean(work.resolve("nowhere-*.csv")).isUserErrorNaming("input glob matches no file", "nowhere-*.csv");
    }

    @Test
    void readsAGlobThatMatches() throws IOException {
        write("parts/part-1.csv", goodCsv());
        write("parts/part-2.csv", String.join("\n", rows(HEADER, List.of("9,900,A"))) + "\n");
        clean(work.resolve("parts/part-*.csv")).succeeded();
        assertCounts(9, 9, 0, 0);
    }

    @Test
    void refusesAMissingInputBeforeSparkWorkNamingIt() {
        clean(work.resolve("missing.csv")).isUserErrorNaming("input path does not exist", "missing.csv");
        assertThat(output()).doesNotExist();
    }

    @Test
    void namesTheFlagAndTheKeyWhenNoInputIsGiven() {
        clean(List.of()).isUserErrorNaming("--input", "greentrain.input.paths");
    }

    @Test
    void readsFileNamesWithCommasBracketsBracesSpacesAndPercentSigns() throws IOException {
        List<Path> inputs = new ArrayList<>();
        String[] names = {"a,b.csv", "data[1].csv", "data{2}.csv", "my data.csv", "100%.csv"};
        for (int i = 0; i < names.length; i++) {
            inputs.add(csv("odd/" + names[i], HEADER, (i + 1) + "," + (i + 1) * 10 + ",A"));
        }
        clean(inputs).succeeded();
        assertCounts(5, 5, 0, 0);
    }

    @Test
    void resolvesARelativeIncludeNextToTheIncludingFile() throws IOException {
        write("conf/columns.conf", Files.readString(config));
        Path job = write("conf/job.conf", "include \"columns.conf\"\ngreentrain.clean.deduplicate = true\n");
        Outcome outcome = run("clean", "--config", job.toString(), "--input", write("data.csv", goodCsv()).toString(),
                "--output", output().toString());
        outcome.succeeded();
        assertCounts(8, 8, 0, 0);
    }

    @Test
    void refusesAMissingIncludeNamingBothFiles() throws IOException {
        Path job = write("conf/job.conf", "include \"nowhere.conf\"\n");
        run("clean", "--config", job.toString(), "--input", write("data.csv", goodCsv()).toString(),
                "--output", output().toString()).isUserErrorNaming("job.conf", "nowhere.conf");
    }

    // ---- the output folder ----

    @Test
    void refusesAnOutputPathThatIsAFile() throws IOException {
        Path file = write("out", "not a folder");
        clean(write("data.csv", goodCsv())).isUserErrorNaming("output path", "is a file");
        assertThat(Files.readString(file)).isEqualTo("not a folder");
    }

    @Test
    void refusesAFolderThatIsNotOursUnlessForced() throws IOException {
        Path mine = write("out/thesis.tex", "years of work");
        Path data = write("data.csv", goodCsv());
        clean(data).isUserErrorNaming("is not empty and holds no greentrain run", "--force");
        assertThat(mine).hasContent("years of work");

        clean(data, "--force").succeeded();
        assertThat(mine).hasContent("years of work");
    }

    @Test
    void refusesASecondRunWhileTheFirstHoldsTheLock() throws IOException {
        write("out/" + OutputLock.FILE_NAME, "{\"pid\":" + ProcessHandle.current().pid() + ",\"host\":\""
                + java.net.InetAddress.getLocalHost().getHostName() + "\",\"startedAt\":\"" + Instant.now()
                + "\",\"heartbeatAt\":\"" + Instant.now() + "\"}");
        clean(write("data.csv", goodCsv())).isUserErrorNaming("is in use by another run",
                "pid " + ProcessHandle.current().pid());
    }

    @Test
    void takesOverTheLockOfACrashedRun() throws IOException {
        Path lock = write("out/" + OutputLock.FILE_NAME, "{\"pid\":1,\"host\":\"gone\",\"startedAt\":\"2020-01-01T00:00:00Z\","
                + "\"heartbeatAt\":\"2020-01-01T00:00:00Z\"}");
        clean(write("data.csv", goodCsv())).succeeded();
        assertThat(lock).doesNotExist();
    }

    @Test
    void rerunsOnAChangedInputAndRemovesEveryLaterStepsOutputs() throws IOException {
        Path data = write("data.csv", goodCsv());
        clean(data).succeeded();
        RunLayout layout = new RunLayout(output().toString());
        // What a later step left from the old data: it must not outlive the new clean.
        write("out/features/examples/part-0.parquet", "old");
        Files.copy(Path.of(layout.marker("clean")), Path.of(layout.marker("convert")));

        Outcome same = clean(data).succeeded();
        assertThat(same.out()).contains("skipped");

        write("data.csv", String.join("\n", rows(HEADER, GOOD_ROWS, "9,900,A")) + "\n");
        Outcome changed = clean(data).succeeded();
        assertThat(changed.out()).doesNotContain("skipped");
        assertCounts(9, 9, 0, 0);
        assertThat(Path.of(layout.examples())).doesNotExist();
        assertThat(Path.of(layout.marker("convert"))).doesNotExist();
    }

    @Test
    void refusesAReadOnlyOutputNamingIt() throws IOException {
        FaultyFileSystem.readOnlyUnder = "/read-only/";
        String out = FaultyFileSystem.SCHEME + "://" + work.resolve("read-only/out");
        run("clean", "--config", config.toString(), "--input", write("data.csv", goodCsv()).toString(),
                "--output", out).isUserErrorNaming("read-only/out", "is not writable");
    }

    @Test
    void stopsOnAFullDiskNamingTheStepAndKeepsTheCommittedSteps() throws IOException {
        StringBuilder many = new StringBuilder(HEADER + "\n");
        for (int i = 1; i <= 60; i++) {
            many.append(i).append(',').append(i * 10).append(',').append(i % 2 == 0 ? "A" : "B").append('\n');
        }
        Path data = write("data.csv", many.toString());
        String out = FaultyFileSystem.SCHEME + "://" + output();
        String[] args = {"--config", config.toString(), "--input", data.toString(), "--output", out};
        run("clean", args).succeeded();

        FaultyFileSystem.fullDiskUnder = "/_staging/convert";
        Outcome full = run("convert", args);
        assertThat(full.exit()).as("exit code; stderr: %s", full.err()).isEqualTo(JobRunner.FAILED);
        assertThat(full.err().lines().toList()).singleElement().asString()
                .startsWith("error: convert failed in step convert: ").contains("No space left on device", "full");
        full.hasNoStackTrace();
        RunLayout layout = new RunLayout(output().toString());
        assertThat(Path.of(layout.marker("clean"))).exists();
        assertThat(Path.of(layout.cleaned())).isDirectory();
        JsonNode summary = JsonFiles.read(layout.summary(), new Configuration());
        assertThat(summary.path("clean").path("rowsKept").asLong()).isEqualTo(60);
        assertThat(summary.path("failed").path("step").asText()).isEqualTo("convert");

        FaultyFileSystem.fullDiskUnder = null;
        run("convert", args).succeeded();
        assertThat(JsonFiles.read(layout.summary(), new Configuration()).has("failed")).isFalse();
    }

    // ---- text corpora ----

    @Test
    void removesAJsonLineHoldingTwoObjectsAsUnreadableAndCountsIt() throws IOException {
        Path corpus = write("corpus/docs.jsonl", "{\"text\":\"one whole document\"}\n"
                + "{\"text\":\"first\"} {\"text\":\"second\"}\n"
                + "{\"text\":\"another document\"} trailing\n");
        run("text-clean", "--input", corpus.toString(), "--output", output().toString(),
                "--set", "greentrain.text.quality.enabled=false").succeeded();
        JsonNode clean = JsonFiles.read(new RunLayout(output().toString()).summary(), new Configuration())
                .path("textClean");
        assertThat(clean.path("docsIn").asLong()).isEqualTo(3);
        assertThat(clean.path("removedByReason").path("unreadable").asLong()).isEqualTo(2);
        assertThat(clean.path("docsIn").asLong())
                .isEqualTo(clean.path("docsKept").asLong() + clean.path("docsRemoved").asLong());
    }

    @Test
    void refusesAMissingCorpusBeforeSparkWorkNamingIt() {
        run("text-clean", "--input", work.resolve("no-corpus").toString(), "--output", output().toString())
                .isUserErrorNaming("text input matches no file", "no-corpus");
        assertThat(output()).doesNotExist();
    }

    // ---- predict ----

    @Test
    void predictCountsCategoriesNeverSeenInTrainingAndRefusesRowsWithoutTheModelsColumns() throws IOException {
        StringBuilder many = new StringBuilder(HEADER + "\n");
        for (int i = 1; i <= 60; i++) {
            many.append(i).append(',').append(i * 10).append(',').append(i % 2 == 0 ? "A" : "B").append('\n');
        }
        run("pipeline", "--config", config.toString(), "--input", write("train.csv", many.toString()).toString(),
                "--output", output().toString(), "--set", "greentrain.train.epochs=1").succeeded();
        String model = new RunLayout(output().toString()).modelDir();

        Path scored = work.resolve("scored");
        Outcome predict = run("predict", "--model", model, "--input",
                csv("new.csv", HEADER, "1,10,A", "2,20,C", "3,30,C").toString(), "--output", scored.toString());
        predict.succeeded();
        JsonNode report = JsonFiles.read(scored.resolve("report.json").toString(), new Configuration());
        assertThat(report.path("unseenCategories").path("zone").asLong()).isEqualTo(2);
        assertThat(report.path("rowsScored").asLong()).isEqualTo(3);
        assertThat(predict.out()).contains("2 scored rows have a zone never seen in training");

        run("predict", "--model", model, "--input", csv("wrong.csv", "id,price", "1,10").toString(), "--output",
                work.resolve("scored-wrong").toString()).isUserErrorNaming("wrong.csv", "lacks declared column 'zone'");
    }

    @Test
    void predictRefusesAValueRedactedFromTheModelsJobConfNamingItsKeyAndTakesItFromTheCommandLine()
            throws IOException {
        Path model = work.resolve("model");
        Files.createDirectories(model);
        // A model's job.conf has every URI's credentials redacted; here a null token looked like a secret parameter,
        // and the training input held a user and password, which predict never reads (it takes --input).
        Files.writeString(model.resolve("job.conf"), Files.readString(config)
                + "greentrain.clean.null-values = [\"NA\", \"n/a?api_key=REDACTED\"]\n"
                + "greentrain.input.paths = [\"s3a://REDACTED@bucket/train.csv\"]\n");
        String input = csv("new.csv", HEADER, "1,10,A").toString();
        Path scored = work.resolve("scored");

        run("predict", "--model", model.toString(), "--input", input, "--output", scored.toString())
                .isUserErrorNaming("greentrain.clean.null-values.1 in ", "was redacted when the model was saved",
                        "give greentrain.clean.null-values again with --set greentrain.clean.null-values=...");
        assertThat(scored).doesNotExist();

        Outcome given = run("predict", "--model", model.toString(), "--input", input, "--output", scored.toString(),
                "--set", "greentrain.clean.null-values=[\"NA\", \"n/a\"]");
        assertThat(given.err()).as("given again, the value is no obstacle").doesNotContain("redacted");
        assertThat(PredictCommand.settableKey("greentrain.clean.columns.2.name")).isEqualTo("greentrain.clean.columns");
    }

    // ---- what the user can read ----

    @Test
    void writesTheQuarantineAndDuplicatesAsJsonLinesThatInspectPrints() throws IOException {
        clean(csv("mixed.csv", rows(HEADER, GOOD_ROWS, "9,cheap,A", "1,100.5,A"))).succeeded();
        Outcome inspect = run("inspect", output().toString());
        assertThat(inspect.exit()).isZero();
        assertThat(inspect.out()).contains("10 rows in = 8 kept + 1 quarantined + 1 duplicates",
                "invalid_type price: 1", "\"raw_line\":\"9,cheap,A\"", "\"duplicate_of_offset\"");
    }

    @Test
    void listsEveryJobInTheHelpAndEachJobsSectionsInItsOwn() {
        String usage = Job.usage();
        Job.all().forEach(job -> assertThat(usage).contains("  " + job.cliName() + " "));
        assertThat(usage).contains("text-clean", "inspect");
        Outcome help = run("text-clean", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("usage: greentrain text-clean", "config: ", "greentrain.text");
    }
}
