package io.greentrain.energy.ledger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.hadoop.fs.Path;

/** Entries, a settable clock and local segment editing for the ledger tests. */
final class LedgerSamples {

    private LedgerSamples() {
    }

    /** An unchained entry (the writer assigns sequence and previousHash) whose numbers differ with {@code i}. */
    static LedgerEntry entry(String runId, int i) {
        Instant start = Instant.parse("2024-05-01T10:00:00Z").plusSeconds(10L * i);
        double active = 12.5 + i * 0.1;
        double idle = 3.0 / (i + 3);
        double kwh = (active + idle) / 3.6e6;
        return new LedgerEntry("app-20240501100000-0001", runId, -1, "exec-" + (i % 3), "node-" + (i % 2),
                i % 2 == 0 ? "cpu-package" : "dram", "train/epoch-" + (i / 4), "stage-" + i, start.toString(),
                start.plusSeconds(10).toString(), active, idle, "counter", "intel-rapl:0/energy_uj", 0.002,
                1.2,
                "cluster-conf/pue.conf", "DE", 381.0, "ember-2023", "2024-05-01T10:00:00Z", 120.5, "contract-2024",
                kwh * 1.2 * 381.0, kwh * 1.2 * 120.5, 0.0012 * i, "vendor-lca", LedgerEntry.GENESIS_HASH);
    }

    static List<LedgerEntry> entries(String runId, int from, int count) {
        List<LedgerEntry> entries = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            entries.add(entry(runId, i));
        }
        return entries;
    }

    static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(Paths.get(file.toUri()), StandardCharsets.UTF_8);
    }

    /** Rewrites a local segment behind the ledger's back, as a person with a text editor would. */
    static void rewrite(Path file, UnaryOperator<List<String>> edit) throws IOException {
        List<String> edited = edit.apply(new ArrayList<>(lines(file)));
        Files.write(Paths.get(file.toUri()), edited, StandardCharsets.UTF_8);
    }

    /** A clock that stays where a test puts it. */
    static final class SettableClock extends Clock {
        private Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}
