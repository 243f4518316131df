package io.greentrain.energy.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostCpuStatTest {

    @TempDir
    Path dir;

    private Path procStat;

    @Test
    void measuresTheBusyFractionBetweenTwoReads() throws IOException {
        HostCpuStat stat = new HostCpuStat(writeCpuLine("cpu  300 0 100 500 100 0 0 0 0 0"));
        stat.busyRatioSinceLastRead();

        // +1000 jiffies, of which 200 idle and 50 iowait.
        writeCpuLine("cpu  900 0 250 700 150 0 0 0 0 0");

        assertThat(stat.busyRatioSinceLastRead()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void countsIrqSoftirqAndStealAsBusyButNotGuestTimeTwice() throws IOException {
        HostCpuStat stat = new HostCpuStat(writeCpuLine("cpu  0 0 0 0 0 0 0 0 0 0"));
        stat.busyRatioSinceLastRead();

        // user nice system idle iowait irq softirq steal guest guest_nice; guest is already in user.
        writeCpuLine("cpu  100 100 100 400 100 50 50 100 100 100");

        assertThat(stat.busyRatioSinceLastRead()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void readsTheAggregateLineNotASingleCpu() throws IOException {
        HostCpuStat stat = new HostCpuStat(writeLines("cpu  0 0 0 0 0 0 0 0 0 0", "cpu0 0 0 0 0 0 0 0 0 0 0"));
        stat.busyRatioSinceLastRead();

        writeLines("cpu0 100 0 0 0 0 0 0 0 0 0", "cpu  100 0 0 300 0 0 0 0 0 0", "intr 12345");

        assertThat(stat.busyRatioSinceLastRead()).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void hasNoRatioOnTheFirstRead() throws IOException {
        HostCpuStat stat = new HostCpuStat(writeCpuLine("cpu  300 0 100 500 100 0 0 0 0 0"));

        assertThat(stat.busyRatioSinceLastRead()).isNaN();
    }

    @Test
    void hasNoRatioWhenNoTimePassed() throws IOException {
        HostCpuStat stat = new HostCpuStat(writeCpuLine("cpu  300 0 100 500 100 0 0 0 0 0"));
        stat.busyRatioSinceLastRead();

        assertThat(stat.busyRatioSinceLastRead()).isNaN();
    }

    @Test
    void hasNoRatioWhenTheFileCannotBeRead() {
        HostCpuStat stat = new HostCpuStat(dir.resolve("missing"));

        assertThat(stat.busyRatioSinceLastRead()).isNaN();
        assertThat(stat.busyRatioSinceLastRead()).isNaN();
    }

    @Test
    void hasNoRatioWhenTheCpuLineIsMissingOrGarbled() throws IOException {
        HostCpuStat stat = new HostCpuStat(writeCpuLine("cpu  300 0 100 500 100 0 0 0 0 0"));
        stat.busyRatioSinceLastRead();

        writeCpuLine("intr 1 2 3");
        assertThat(stat.busyRatioSinceLastRead()).isNaN();
        writeCpuLine("cpu  a b c d");
        assertThat(stat.busyRatioSinceLastRead()).isNaN();
    }

    @Test
    void measuresFromTheLastGoodReadAfterAnUnreadableOne() throws IOException {
        HostCpuStat stat = new HostCpuStat(writeCpuLine("cpu  0 0 0 0 0 0 0 0 0 0"));
        stat.busyRatioSinceLastRead();
        Files.delete(procStat);
        assertThat(stat.busyRatioSinceLastRead()).isNaN();

        writeCpuLine("cpu  90 0 0 10 0 0 0 0 0 0");

        assertThat(stat.busyRatioSinceLastRead()).isCloseTo(0.9, within(1e-12));
    }

    private Path writeCpuLine(String line) throws IOException {
        return writeLines(line, "cpu0 1 2 3 4 5 6 7 8 0 0");
    }

    private Path writeLines(String... lines) throws IOException {
        procStat = dir.resolve("stat");
        Files.writeString(procStat, String.join("\n", lines) + "\n");
        return procStat;
    }
}
