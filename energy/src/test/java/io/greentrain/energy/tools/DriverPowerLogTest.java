package io.greentrain.energy.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDateTime;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class DriverPowerLogTest {

    private static final LocalDateTime T0 = LocalDateTime.of(2026, 12, 4, 10, 0, 0);

    private static String stamp(long millisAfterT0) {
        LocalDateTime t = T0.plusNanos(millisAfterT0 * 1_000_000);
        return String.format("%04d/%02d/%02d %02d:%02d:%02d.%03d", t.getYear(), t.getMonthValue(), t.getDayOfMonth(),
                t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1_000_000);
    }

    private static long epoch(long millisAfterT0) {
        return T0.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli() + millisAfterT0;
    }

    @Test
    void integratesTheDriversReadingsOverTheWindowByTheTrapezoidalRuleHeldToItsEdges() {
        DriverPowerLog log = DriverPowerLog.start("none", 100);
        log.accept(stamp(500) + ", 0, 100.00", 0);
        log.accept(stamp(1500) + ", 0, 200.00", 0);
        log.accept(stamp(2500) + ", 0, 200.00", 0);
        log.accept(stamp(1000) + ", 1, 50.00", 0);

        DriverPowerLog.WindowSummary summary = log.summarize(0, epoch(0), epoch(3000)).orElseThrow();

        // 0-0.5 s held at 100 W, 0.5-1.5 s from 100 to 200 W, 1.5-3 s at 200 W: 50 + 150 + 300 J.
        assertThat(summary.joules()).isCloseTo(500, within(1e-9));
        assertThat(summary.meanWatts()).isCloseTo(500 / 3.0, within(1e-9));
        assertThat(summary.samples()).isEqualTo(3);
        assertThat(summary.medianIntervalMs()).isEqualTo(1000);
    }

    @Test
    void aWindowWithoutAReadingOfTheDeviceHasNoSummary() {
        DriverPowerLog log = DriverPowerLog.start("none", 100);
        log.accept(stamp(500) + ", 0, 100.00", 0);

        assertThat(log.summarize(0, epoch(1000), epoch(2000))).isEmpty();
        assertThat(log.summarize(1, epoch(0), epoch(2000))).isEmpty();
    }

    @Test
    void unsupportedPowerIsCountedAndOtherOutputIsKeptAsTheReason() {
        DriverPowerLog log = DriverPowerLog.start("none", 100);
        log.accept(stamp(0) + ", 0, [N/A]", 0);
        assertThat(log.unreadableLines()).isEqualTo(1);

        DriverPowerLog failing = DriverPowerLog.start("/no/such/nvidia-smi", 100);
        assertThat(failing.unavailableReason()).hasValueSatisfying(reason -> reason.contains("could not be started"));
        failing.close();
    }

    @Test
    void aLineWithoutAParseableTimestampIsPlacedAtItsArrival() {
        DriverPowerLog log = DriverPowerLog.start("none", 100);
        log.accept("sometime, 0, 80.0", epoch(100));
        log.accept("later, 0, 80.0", epoch(900));

        assertThat(log.summarize(0, epoch(0), epoch(1000)).orElseThrow().joules()).isCloseTo(80, within(1e-9));
    }
}
