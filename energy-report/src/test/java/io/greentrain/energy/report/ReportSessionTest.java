package io.greentrain.energy.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.testsupport.LocalSpark;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session a ledger report runs in: unmetered, without a UI, its shuffles sized from the ledger. */
class ReportSessionTest {

    @TempDir
    Path dir;

    @Test
    void aNewReportSessionSwitchesTheEnergyPluginOffAndShufflesASmallLedgerInOnePartition() {
        Path ledger = HandWrittenLedger.writeTwoRuns(dir.resolve("ledger"));
        ReportSession session = ReportSession.getOrCreate("greentrain-report-session-test");
        try {
            assertThat(session.created()).isTrue();
            SparkConf conf = session.spark().sparkContext().getConf();
            assertThat(conf.get("spark.greentrain.energy.enabled")).isEqualTo("false");
            assertThat(conf.get("spark.ui.enabled")).isEqualTo("false");

            List<String> segments = LedgerReport.segmentFiles(List.of(ledger.toString()),
                    session.spark().sparkContext().hadoopConfiguration());
            assertThat(session.sizeShufflePartitions(segments)).isEqualTo(1);
            assertThat(session.spark().conf().get("spark.sql.shuffle.partitions")).isEqualTo("1");
        } finally {
            session.spark().stop();
        }
    }

    @Test
    void anActiveSessionIsUsedWithItsOwnSettings() {
        Path ledger = HandWrittenLedger.writeTwoRuns(dir.resolve("ledger"));
        SparkSession active = LocalSpark.session("greentrain-report-session-test");
        try {
            ReportSession session = ReportSession.getOrCreate("ignored");

            assertThat(session.created()).isFalse();
            assertThat(session.spark()).isSameAs(active);
            List<String> segments = LedgerReport.segmentFiles(List.of(ledger.toString()),
                    active.sparkContext().hadoopConfiguration());
            assertThat(session.sizeShufflePartitions(segments)).isEqualTo(Integer.parseInt(LocalSpark.SHUFFLE_PARTITIONS));
        } finally {
            active.stop();
        }
    }

    @Test
    void shufflesTakeOnePartitionPer64MegabytesOfLedgerFromOneTo200() {
        assertThat(ReportSession.shufflePartitionsFor(0)).isEqualTo(1);
        assertThat(ReportSession.shufflePartitionsFor(5_000_000)).isEqualTo(1);
        assertThat(ReportSession.shufflePartitionsFor((64L << 20) + 1)).isEqualTo(2);
        assertThat(ReportSession.shufflePartitionsFor(1L << 40)).isEqualTo(200);
    }
}
