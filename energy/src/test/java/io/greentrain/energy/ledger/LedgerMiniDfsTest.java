package io.greentrain.energy.ledger;

import static io.greentrain.energy.ledger.LedgerSamples.entries;
import static io.greentrain.energy.ledger.LedgerSamples.entry;
import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.energy.ledger.RunVerification.Reason;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ledger on a real HDFS: a one-datanode MiniDFSCluster in this JVM, every socket on loopback. */
class LedgerMiniDfsTest {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerMiniDfsTest.class);
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @TempDir
    static java.nio.file.Path base;

    private static MiniDFSCluster cluster;
    private static FileSystem fs;

    @BeforeAll
    static void startHdfs() throws IOException {
        Configuration conf = new Configuration();
        conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
        conf.set("dfs.namenode.http-bind-host", "127.0.0.1");
        long start = System.nanoTime();
        cluster = new MiniDFSCluster.Builder(conf, base.resolve("hdfs").toFile()).numDataNodes(1).build();
        cluster.waitActive();
        fs = cluster.getFileSystem();
        LOG.info("MiniDFSCluster up at {} in {} ms", fs.getUri(), (System.nanoTime() - start) / 1_000_000);
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown(true);
        }
    }

    @Test
    void writesReadsAndVerifiesAChainOnHdfs() throws IOException {
        Path ledger = new Path("/ledgers/write-read");
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            assertThat(writer.runDirectory().toUri().getScheme()).isEqualTo("hdfs");
            for (int s = 0; s < 3; s++) {
                writer.append(entries("r1", 3 * s, 3));
                writer.flush();
            }
        }
        assertThat(fs).isInstanceOf(DistributedFileSystem.class);

        LedgerReader reader = new LedgerReader(fs, ledger);
        assertThat(reader.segments("r1")).extracting(SegmentFile::name).containsExactly(
                "segment-00000000000000000000-00000000000000000002.jsonl",
                "segment-00000000000000000003-00000000000000000005.jsonl",
                "segment-00000000000000000006-00000000000000000008.jsonl");
        assertThat(readAll(reader, "r1")).extracting(LedgerEntry::sequence)
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(readAll(reader, "r1").get(4)).isEqualTo(entry("r1", 4)
                .withChain(4, readAll(reader, "r1").get(4).previousHash()));
        LedgerVerification verification = new LedgerVerifier(fs, ledger).verifyAll();
        assertThat(verification.ok()).as(verification.describe()).isTrue();
        assertThat(verification.describe()).isEqualTo("ledger intact: 1 runs, 9 entries; 0 sealed, 1 unsealed (r1)");
    }

    @Test
    void recoversFromAHalfWrittenTemporarySegmentAndContinuesTheChainOnHdfs() throws IOException {
        Path ledger = new Path("/ledgers/crash");
        LedgerWriter crashed = LedgerWriter.open(fs, ledger, "r1", MINUTE);
        crashed.append(entries("r1", 0, 2));
        crashed.flush();
        String durableHead = crashed.headHash();
        List<LedgerEntry> lost = crashed.append(entries("r1", 2, 2));
        Path temporary = new Path(crashed.runDirectory(),
                ".segment-00000000000000000002-00000000000000000003.jsonl.tmp");
        try (OutputStream out = fs.create(temporary)) {
            out.write((LedgerCodec.encode(lost.get(0)) + "\n" + LedgerCodec.encode(lost.get(1)).substring(0, 25))
                    .getBytes(StandardCharsets.UTF_8));
        }

        assertThat(readAll(new LedgerReader(fs, ledger), "r1")).hasSize(2);
        assertThat(new LedgerVerifier(fs, ledger).verify("r1").ok()).isTrue();

        try (LedgerWriter next = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            assertThat(fs.exists(temporary)).isFalse();
            LedgerEntry continued = next.append(entry("r1", 50));
            assertThat(continued.sequence()).isEqualTo(2);
            assertThat(continued.previousHash()).isEqualTo(durableHead);
        }
        RunVerification after = new LedgerVerifier(fs, ledger).verify("r1");
        assertThat(after.ok()).as(after.describe()).isTrue();
        assertThat(after.entries()).isEqualTo(3);
    }

    @Test
    void reopeningARunContinuesItsChainOnHdfs() throws IOException {
        Path ledger = new Path("/ledgers/reopen");
        for (int attempt = 0; attempt < 3; attempt++) {
            try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
                assertThat(writer.nextSequence()).isEqualTo(2L * attempt);
                writer.append(entries("r1", 2 * attempt, 2));
            }
        }
        RunVerification result = new LedgerVerifier(fs, ledger).verify("r1");
        assertThat(result.ok()).as(result.describe()).isTrue();
        assertThat(result.entries()).isEqualTo(6);
        assertThat(result.segments()).isEqualTo(3);
    }

    @Test
    void catchesAnEditedEntryOnHdfs() throws IOException {
        Path ledger = new Path("/ledgers/edited");
        try (LedgerWriter writer = LedgerWriter.open(fs, ledger, "r1", MINUTE)) {
            writer.append(entries("r1", 0, 4));
        }
        SegmentFile segment = new LedgerReader(fs, ledger).segments("r1").get(0);
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(segment.path()),
                StandardCharsets.UTF_8))) {
            in.lines().forEach(lines::add);
        }
        lines.set(0, lines.get(0).replace("\"pue\":1.2", "\"pue\":1.1"));
        try (OutputStream out = fs.create(segment.path(), true)) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }

        RunVerification result = new LedgerVerifier(fs, ledger).verify("r1");

        assertThat(result.problem().reason()).isEqualTo(Reason.HASH_MISMATCH);
        assertThat(result.describe()).isEqualTo("run=r1 " + segment.name() + " line 2 (sequence 1): "
                + "hash does not match the previous entry (entry edited, deleted or reordered)");
    }

    private static List<LedgerEntry> readAll(LedgerReader reader, String runId) throws IOException {
        try (Stream<LedgerEntry> entries = reader.entries(runId)) {
            return entries.toList();
        }
    }
}
