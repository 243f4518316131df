package io.greentrain.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.greentrain.formats.JsonFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code greentrain inspect OUT [--rows N]}: where the clean step's rows went, without Spark. Prints
 * the counts of {@code clean/report.json} (per reason and column, with examples), then the first
 * {@code N} (default 5) rows of the quarantine and of the duplicates from their JSON Lines copies.
 * When the step failed its guard and left its outputs uncommitted, the staged ones are shown and
 * said to be.
 */
final class InspectCommand {

    static final int DEFAULT_ROWS = 5;

    private InspectCommand() {
    }

    /**
     * @throws UsageException           on a bad command line
     * @throws IllegalArgumentException naming the folder when it holds no clean step's report
     */
    static int run(String[] args, PrintStream out, Configuration conf) {
        String dir = null;
        int rows = DEFAULT_ROWS;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rows") && i + 1 < args.length) {
                try {
                    rows = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    throw new UsageException("--rows needs a whole number, not '" + args[i] + "'");
                }
            } else if (args[i].startsWith("-") || dir != null) {
                throw new UsageException("unknown argument '" + args[i] + "' (usage: greentrain inspect OUTPUT [--rows N])");
            } else {
                dir = args[i];
            }
        }
        if (dir == null) {
            throw new UsageException("inspect needs the output folder of a run (usage: greentrain inspect OUTPUT [--rows N])");
        }
        RunLayout committed = new RunLayout(dir);
        RunLayout layout = committed;
        if (!exists(committed.cleanReport(), conf)) {
            layout = committed.staging("clean");
            if (!exists(layout.cleanReport(), conf)) {
                throw new IllegalArgumentException("no clean step's report in " + dir + " (looked for "
                        + committed.cleanReport() + ")");
            }
            out.println("the clean step did not commit; showing its staged outputs in " + layout.outputDir());
        }
        JsonNode report = JsonFiles.read(layout.cleanReport(), conf);
        out.printf(Locale.ROOT, "%s: %d rows in = %d kept + %d quarantined + %d duplicates (%d clipped, %d blank lines)%n",
                layout.cleanReport(), report.path("rowsIn").asLong(), report.path("rowsKept").asLong(),
                report.path("rowsQuarantined").asLong(), report.path("rowsDuplicate").asLong(),
                report.path("rowsClipped").asLong(), report.path("blankLines").asLong());
        for (JsonNode group : report.path("quarantineExamples")) {
            List<String> examples = new ArrayList<>();
            group.path("examples").forEach(example -> examples.add(example.asText()));
            out.printf(Locale.ROOT, "  %s %s: %d  e.g. %s%n", group.path("reason").asText(),
                    group.path("column").asText(), group.path("rows").asLong(), String.join(" | ", examples));
        }
        printFirstRows("quarantine", layout.quarantineJson(), rows, out, conf);
        printFirstRows("duplicates", layout.duplicatesJson(), rows, out, conf);
        return JobRunner.OK;
    }

    private static void printFirstRows(String name, String folder, int rows, PrintStream out, Configuration conf) {
        out.printf("%s (first %d rows of %s):%n", name, rows, folder);
        Path dir = new Path(folder);
        try {
            FileSystem fs = dir.getFileSystem(conf);
            if (!fs.exists(dir)) {
                out.println("  (none written)");
                return;
            }
            FileStatus[] parts = fs.listStatus(dir, path -> path.getName().startsWith("part-"));
            Arrays.sort(parts);
            int printed = 0;
            for (FileStatus part : parts) {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(fs.open(part.getPath()),
                        StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null && printed < rows; line = reader.readLine()) {
                        out.println("  " + line);
                        printed++;
                    }
                }
            }
            if (printed == 0) {
                out.println("  (no rows)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder, e);
        }
    }

    private static boolean exists(String path, Configuration conf) {
        try {
            Path file = new Path(path);
            return file.getFileSystem(conf).exists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check " + path, e);
        }
    }
}
