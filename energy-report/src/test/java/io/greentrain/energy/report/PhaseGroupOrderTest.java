package io.greentrain.energy.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page lists phase groups in the order a pipeline runs them (data preparation, training, evaluation), another
 * application's groups after those by their first window, then idle and unphased; epochs in numeric order. Whatever
 * order the windows came in.
 */
class PhaseGroupOrderTest {

    @TempDir
    Path dir;

    @Test
    void phaseGroupsComeInThePipelinesOrderAndEpochsInNumericOrder() throws IOException {
        // Written in an order that sorts wrongly by name and by first window alike.
        List<String> phases = List.of("unphased", "idle", "evaluate", "train/epoch-10", "train/epoch-2",
                "custom-b", "custom-a", "convert", "clean", "train/epoch-1");
        List<ObjectNode> lines = new ArrayList<>();
        for (String phase : phases) {
            // custom-a starts before custom-b: another application's groups keep their time order.
            int second = phase.equals("custom-a") ? 1 : phase.equals("custom-b") ? 2 : 3 + lines.size();
            String start = String.format("2024-05-01T10:00:%02dZ", second);
            String end = String.format("2024-05-01T10:00:%02dZ", second + 1);
            lines.add(HandWrittenLedger.entry("run-p", "app-p", lines.size(), "1", "host-a", "cpu-package", phase,
                    start, end, 100, 0, "counter", HandWrittenLedger.RUN_A_GRID));
        }
        Path ledger = dir.resolve("ledger");
        HandWrittenLedger.write(ledger.resolve("run=run-p/segment-0-9.jsonl"), HandWrittenLedger.chain(lines));

        ReportResult result = LedgerReport.writeLocal(List.of(ledger.toString()), dir.resolve("out").toString(),
                false, new Configuration(), Map.of());

        String html = Files.readString(Path.of(result.reportHtml()));
        assertThat(attributes(html, "data-group")).containsExactly("clean", "convert", "train", "evaluate",
                "custom-a", "custom-b", "idle", "unphased");
        assertThat(attributes(html, "data-phase")).containsExactly("train/epoch-1", "train/epoch-2",
                "train/epoch-10");
    }

    private static List<String> attributes(String html, String name) {
        List<String> values = new ArrayList<>();
        Matcher matcher = Pattern.compile(name + "=\"([^\"]*)\"").matcher(html);
        while (matcher.find()) {
            values.add(matcher.group(1));
        }
        return values;
    }
}
