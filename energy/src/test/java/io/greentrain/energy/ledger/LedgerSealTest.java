package io.greentrain.energy.ledger;

import static io.greentrain.energy.ledger.LedgerSamples.entries;
import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.energy.ledger.RunVerification.Reason;
import io.greentrain.energy.ledger.RunVerification.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerSealTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Instant END = Instant.parse("2024-05-01T11:00:00Z");
    private static final byte[] KEY = "site secret".getBytes(StandardCharsets.UTF_8);

    @TempDir
    java.nio.file.Path temp;

    private FileSystem fs;
    private Path ledger;

    @BeforeEach
    void localLedger() throws IOException {
        fs = FileSystem.getLocal(new Configuration());
        ledger = new Path(temp.resolve("ledger").toUri());
    }

    @Test
    void aSealedRunVerifiesAsIntactAndSealedWithTotalsOfItsLines() throws IOException {
        SealRecord seal;
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            writer.append(entries("r1", 0, 3));
            writer.flush();
            writer.append(WorkRecord.of("app-1", "r1", "train/epoch-0", WorkRecord.EXAMPLES, 64, END));
            writer.append(entries("r1", 3, 2));
            seal = writer.seal("app-1", SealRecord.COMPLETED, END, null);
        }

        RunVerification run = new LedgerVerifier(fs, ledger).verify("r1");
        assertThat(run.status()).isEqualTo(Status.SEALED);
        assertThat(run.describe()).startsWith("run=r1 intact and sealed (completed): 7 entries in 2 segments, head ");
        assertThat(run.seal()).isEqualTo(seal);
        assertThat(seal.sequence()).isEqualTo(6);
        assertThat(seal.firstSequence()).isZero();
        assertThat(seal.energyEntries()).isEqualTo(5);
        assertThat(seal.workLines()).isEqualTo(1);
        assertThat(seal.joules()).isEqualTo(entries("r1", 0, 5).stream().mapToDouble(LedgerEntry::joules)
                .reduce(0, Double::sum));
        List<LedgerRecord> lines = records("r1");
        assertThat(seal.previousHash()).as("the seal's previous hash is the head it seals")
                .isEqualTo(LedgerCodec.sha256Hex(LedgerCodec.encode(lines.get(5))));
    }

    @Test
    void aSealCountsGapAndCorrectionLinesAsOtherLinesAndSealsTheCorrectionsEnergy() throws IOException {
        List<LedgerEntry> onTime = entries("r1", 0, 2);
        CorrectionRecord late = CorrectionRecord.of(entries("r1", 2, 1).get(0), "late sample: sample 3 of executor 1");
        GapRecord gap = new GapRecord("app-1", "r1", 0, "1", "host-1", 4, 4, "2024-05-01T10:00:04Z",
                "2024-05-01T10:00:05Z", GapRecord.NOT_COUNTED, LedgerEntry.GENESIS_HASH);
        SealRecord seal;
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            writer.append(onTime);
            writer.append(List.of(late, gap));
            seal = writer.seal("app-1", SealRecord.COMPLETED, END, null);
        }

        RunVerification run = new LedgerVerifier(fs, ledger).verify("r1");
        assertThat(run.status()).isEqualTo(Status.SEALED);
        assertThat(seal.energyEntries()).isEqualTo(2);
        assertThat(seal.otherLines()).isEqualTo(2);
        assertThat(seal.joules()).isEqualTo(onTime.get(0).joules() + onTime.get(1).joules() + late.joules());
    }

    @Test
    void aRunWithoutSealIsIntactButUnsealedAndAnEmptyRunSaysSo() throws IOException {
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            writer.append(entries("r1", 0, 3));
        }
        LedgerWriter.open(fs, ledger, "empty", MINUTE).close();

        LedgerVerification all = new LedgerVerifier(fs, ledger).verifyAll();
        assertThat(all.runs()).extracting(RunVerification::status).containsExactly(Status.EMPTY, Status.UNSEALED);
        assertThat(all.runs().get(0).describe())
                .isEqualTo("run=empty empty: no line was written (the run wrote nothing, or every flush failed), "
                        + "0 segments");
        assertThat(all.runs().get(1).describe()).startsWith("run=r1 intact but unsealed (the run did not finish, "
                + "or its last segment is missing): 3 entries");
        assertThat(all.ok()).isTrue();
        assertThat(all.allSealed()).isFalse();
    }

    @Test
    void losingTheTailSegmentThatHeldTheSealLeavesTheRunUnsealed() throws IOException {
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            writer.append(entries("r1", 0, 3));
            writer.flush();
            writer.append(entries("r1", 3, 2));
            writer.seal("app-1", SealRecord.COMPLETED, END, null);
        }
        List<SegmentFile> segments = new LedgerReader(fs, ledger).segments("r1");
        fs.delete(segments.get(1).path(), false);

        assertThat(new LedgerVerifier(fs, ledger).verify("r1").status()).isEqualTo(Status.UNSEALED);
    }

    @Test
    void reportsASealWhoseTotalsWereEdited() throws IOException {
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            writer.append(entries("r1", 0, 3));
            writer.seal("app-1", SealRecord.COMPLETED, END, null);
        }
        Path segment = new LedgerReader(fs, ledger).segments("r1").get(0).path();
        LedgerSamples.rewrite(segment, lines -> {
            lines.set(3, lines.get(3).replaceFirst("\"energyEntries\":3", "\"energyEntries\":2"));
            return lines;
        });

        RunVerification run = new LedgerVerifier(fs, ledger).verify("r1");
        assertThat(run.status()).isEqualTo(Status.BROKEN);
        assertThat(run.problem().reason()).isEqualTo(Reason.SEAL_MISMATCH);
        assertThat(run.problem().sequence()).isEqualTo(3);
        assertThat(run.describe()).contains("energyEntries 2 where the lines hold 3");
    }

    @Test
    void theHmacShowsALedgerThatWasEditedAndReChained() throws IOException {
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            writer.append(entries("r1", 0, 4));
            writer.seal("app-1", SealRecord.COMPLETED, END, KEY);
        }
        LedgerVerifier keyed = new LedgerVerifier(fs, ledger).withHmacKey(KEY);
        assertThat(keyed.verify("r1").status()).isEqualTo(Status.SEALED);
        assertThat(keyed.verify("r1").describe()).contains("intact and sealed (completed, signed)");

        // Someone lowers an entry's energy, then recomputes every hash and the seal's totals, without the key.
        Path segment = new LedgerReader(fs, ledger).segments("r1").get(0).path();
        LedgerSamples.rewrite(segment, LedgerSealTest::lowerTheFirstEntryAndReChain);

        RunVerification withoutKey = new LedgerVerifier(fs, ledger).verify("r1");
        assertThat(withoutKey.status()).as("the chain alone cannot tell: %s", withoutKey.describe())
                .isEqualTo(Status.SEALED);
        RunVerification withKey = keyed.verify("r1");
        assertThat(withKey.status()).isEqualTo(Status.BROKEN);
        assertThat(withKey.problem().reason()).isEqualTo(Reason.SEAL_SIGNATURE);
        assertThat(withKey.describe()).contains("HMAC does not match the key");
        assertThat(new LedgerVerifier(fs, ledger).withHmacKey("another key".getBytes(StandardCharsets.UTF_8))
                .verify("r1").problem()).isNotNull();
    }

    @Test
    void aKeyMakesAnUnsignedSealFail() throws IOException {
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            writer.append(entries("r1", 0, 2));
            writer.seal("app-1", SealRecord.COMPLETED, END, null);
        }

        RunVerification run = new LedgerVerifier(fs, ledger).withHmacKey(KEY).verify("r1");
        assertThat(run.problem().reason()).isEqualTo(Reason.SEAL_SIGNATURE);
        assertThat(run.describe()).contains("the seal is not signed");
    }

    @Test
    void aLaterApplicationContinuesASealedRunAndSealsOnlyItsOwnLines() throws IOException {
        try (LedgerWriter first = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            first.append(entries("r1", 0, 3));
            first.seal("app-1", SealRecord.COMPLETED, END, KEY);
        }
        SealRecord second;
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            writer.append(entries("r1", 3, 2));
            second = writer.seal("app-2", SealRecord.FAILED, END.plusSeconds(60), KEY);
        }

        assertThat(second.sequence()).isEqualTo(6);
        assertThat(second.firstSequence()).isEqualTo(4);
        assertThat(second.energyEntries()).isEqualTo(2);
        RunVerification run = new LedgerVerifier(fs, ledger).withHmacKey(KEY).verify("r1");
        assertThat(run.status()).isEqualTo(Status.SEALED);
        assertThat(run.describe()).contains("intact and sealed (failed, signed)");
    }

    @Test
    void aRunContinuedAfterACrashSealsTheCrashedApplicationsLinesToo() throws IOException {
        LedgerWriter crashed = LedgerWriter.open(fs, ledger, "r1", MINUTE);
        crashed.append(entries("r1", 0, 3));
        crashed.flush();
        crashed.append(entries("r1", 3, 1));
        crashed.flush();
        // The driver dies here: no seal, no close.
        assertThat(new LedgerVerifier(fs, ledger).verify("r1").status()).isEqualTo(Status.UNSEALED);

        SealRecord seal;
        try (LedgerWriter rerun = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            rerun.append(entries("r1", 4, 2));
            seal = rerun.seal("app-2", SealRecord.COMPLETED, END, null);
        }

        assertThat(seal.firstSequence()).isZero();
        assertThat(seal.energyEntries()).isEqualTo(6);
        assertThat(new LedgerVerifier(fs, ledger).verify("r1").status()).isEqualTo(Status.SEALED);
    }

    @Test
    void checksALineOfAnUnknownKindForItsPlaceInTheChainAndCountsItInTheSeal() throws IOException {
        Path run = new Path(ledger, "run=r1");
        fs.mkdirs(run);
        List<String> lines = new ArrayList<>();
        String head = LedgerEntry.GENESIS_HASH;
        lines.add(LedgerCodec.encode(LedgerSamples.entry("r1", 0).withChain(0, head)));
        head = LedgerCodec.sha256Hex(lines.get(0));
        lines.add("{\"v\":1,\"kind\":\"tally\",\"applicationId\":\"app-1\",\"runId\":\"r1\",\"sequence\":1,"
                + "\"executorId\":\"3\",\"missing\":2,\"handled\":\"estimated\",\"previousHash\":\"" + head + "\"}");
        head = LedgerCodec.sha256Hex(lines.get(1));
        lines.add(LedgerCodec.encode(LedgerSamples.entry("r1", 2).withChain(2, head)));
        Files.write(temp.resolve("ledger/run=r1/" + SegmentFile.name(0, 2)), lines, StandardCharsets.UTF_8);

        assertThat(LedgerCodec.decode(lines.get(1))).isEqualTo(new OtherKindRecord("tally", "app-1", "r1", 1,
                LedgerCodec.sha256Hex(lines.get(0))));
        assertThat(new LedgerVerifier(fs, ledger).verify("r1").status()).isEqualTo(Status.UNSEALED);
        SealRecord seal;
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            seal = writer.seal("app-1", SealRecord.COMPLETED, END, null);
        }
        assertThat(seal.otherLines()).isEqualTo(1);
        assertThat(seal.energyEntries()).isEqualTo(2);
        assertThat(new LedgerVerifier(fs, ledger).verify("r1").status()).isEqualTo(Status.SEALED);

        // Editing the unknown line breaks the chain after it like any other edit.
        LedgerSamples.rewrite(new Path(run, SegmentFile.name(0, 2)), edited -> {
            edited.set(1, edited.get(1).replace("\"missing\":2", "\"missing\":0"));
            return edited;
        });
        assertThat(new LedgerVerifier(fs, ledger).verify("r1").problem().reason()).isEqualTo(Reason.HASH_MISMATCH);
    }

    @Test
    void aSealLineRoundTripsAndKeepsItsHmacLast() throws LedgerFormatException {
        SealRecord seal = new SealRecord("app-1", "r1", 9, SealRecord.KILLED, END.toString(), 0, 7, 1, 0, 12.5,
                0.25, 0.125, 0.5, "ab".repeat(32), null);
        String line = LedgerCodec.encode(seal);
        assertThat(line).startsWith("{\"v\":1,\"kind\":\"seal\",\"applicationId\":\"app-1\",\"runId\":\"r1\","
                + "\"sequence\":9,\"reason\":\"killed\"").endsWith(",\"hmac\":null}");
        assertThat(LedgerCodec.decode(line)).isEqualTo(seal);
        String signedHex = SealRecord.hmacHex(KEY, SealRecord.signedPart(line));
        String signed = LedgerCodec.encode(seal.withHmac(signedHex));
        assertThat(SealRecord.signedPart(signed)).isEqualTo(SealRecord.signedPart(line));
        assertThat(SealRecord.checkHmac((SealRecord) LedgerCodec.decode(signed), signed, KEY)).isEmpty();
    }

    /** Lowers line 0's active energy, then recomputes every hash and the seal's totals: all a forger can do. */
    private static List<String> lowerTheFirstEntryAndReChain(List<String> lines) {
        List<String> out = new ArrayList<>();
        String head = LedgerEntry.GENESIS_HASH;
        SealTotals totals = new SealTotals(0);
        for (String line : lines) {
            LedgerRecord record;
            try {
                record = LedgerCodec.decode(line);
            } catch (LedgerFormatException e) {
                throw new IllegalStateException(e);
            }
            if (record instanceof LedgerEntry entry && entry.sequence() == 0) {
                record = new LedgerEntry(entry.applicationId(), entry.runId(), 0, entry.executorId(), entry.host(),
                        entry.device(), entry.phase(), entry.stage(), entry.windowStart(), entry.windowEnd(), 1.0,
                        entry.idleJoules(), entry.method(), entry.provenance(), entry.relativeUncertainty(), entry.pue(),
                        entry.pueSource(),
                        entry.zone(), entry.intensityGramsPerKwh(), entry.intensitySource(),
                        entry.intensityTimestamp(), entry.marketGramsPerKwh(), entry.marketSource(),
                        entry.locationGrams(), entry.marketGrams(), entry.embodiedGrams(), entry.embodiedSource(),
                        head);
            } else if (record instanceof SealRecord seal) {
                SealRecord forged = totals.seal(seal.applicationId(), seal.runId(), seal.reason(), seal.sealedAt())
                        .withChain(seal.sequence(), head).withHmac(seal.hmac());
                record = forged;
            } else {
                record = record.withChain(record.sequence(), head);
            }
            String forgedLine = LedgerCodec.encode(record);
            totals.add(record);
            head = LedgerCodec.sha256Hex(forgedLine);
            out.add(forgedLine);
        }
        return out;
    }

    private List<LedgerRecord> records(String runId) throws IOException {
        try (var stream = new LedgerReader(fs, ledger).records(runId)) {
            return stream.toList();
        }
    }
}
