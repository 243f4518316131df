package io.greentrain.energy.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.greentrain.energy.meter.MeasurementMethod;
import io.greentrain.energy.meter.Scope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's choice of one counter reader per real host, and what happens when two executors read one host. */
class HostReadersTest {

    @TempDir
    Path temp;

    private final AtomicLong clock = new AtomicLong(100_000);
    private final HostReaders readers = new HostReaders(30_000, clock::get);

    private static HostIdentity onHost(String bootId, String containerName, String... counters) {
        return new HostIdentity(bootId, containerName, Set.of(counters));
    }

    private static EnergySample reading(String executor, String hostId, long seq, double joules, boolean last) {
        return new EnergySample(executor, "pod-" + executor, seq, seq * 1000, (seq + 1) * 1000, 1_000_000_000L, true,
                0.5, List.of(new DomainEnergy("cpu-package", Scope.HOST, MeasurementMethod.COUNTER, joules,
                "rapl package-0")), last, hostId);
    }

    private static EnergySample cpuOnly(String executor, String hostId, long seq) {
        return new EnergySample(executor, "pod-" + executor, seq, seq * 1000, (seq + 1) * 1000, 1_000_000_000L, false,
                Double.NaN, List.of(), false, hostId);
    }

    @Test
    void identifiesAHostByItsBootIdWhateverEachContainerIsCalled() throws IOException {
        Path bootId = Files.writeString(temp.resolve("boot_id"), "6f1c0e2a-1111-2222-3333-444455556666\n");

        HostIdentity one = HostIdentity.of(bootId, "container-a", Set.of("rapl /sys/class/powercap"));
        HostIdentity two = HostIdentity.of(bootId, "container-b", Set.of());

        assertThat(one.hostId()).isEqualTo("boot:6f1c0e2a-1111-2222-3333-444455556666").isEqualTo(two.hostId());
        assertThat(HostIdentity.of(temp.resolve("missing"), "laptop", Set.of()).hostId()).isEqualTo("name:laptop");
    }

    @Test
    void grantsTheFirstExecutorOfAHostThatSeesCountersAndRefusesTheOthers() {
        HostReaderClaim.Decision first = readers.claim("1", onHost("b1", "pod-1", "rapl"));
        HostReaderClaim.Decision second = readers.claim("2", onHost("b1", "pod-2", "rapl"));
        HostReaderClaim.Decision otherHost = readers.claim("3", onHost("b2", "pod-3", "rapl"));

        assertThat(first).isEqualTo(new HostReaderClaim.Decision(true, "1"));
        assertThat(second).isEqualTo(new HostReaderClaim.Decision(false, "1"));
        assertThat(otherHost.read()).isTrue();
        assertThat(readers.claim("1", onHost("b1", "pod-1", "rapl")).read()).as("asking again").isTrue();
    }

    @Test
    void neverGrantsAnExecutorThatSeesNoCounters() {
        assertThat(readers.claim("1", onHost("b1", "pod-1")).read()).isFalse();
        assertThat(readers.readerOf("boot:b1")).isNull();
    }

    @Test
    void handsTheHostToAnotherExecutorWhenTheReaderSendsItsLastSampleOrFallsSilent() {
        readers.claim("1", onHost("b1", "pod-1", "rapl"));
        readers.heardFrom(reading("1", "boot:b1", 0, 5, true));
        assertThat(readers.claim("2", onHost("b1", "pod-2", "rapl")).read()).as("after the last sample").isTrue();

        readers.heardFrom(reading("2", "boot:b1", 0, 5, false));
        clock.addAndGet(29_000);
        assertThat(readers.claim("3", onHost("b1", "pod-3", "rapl")).read()).as("within the lease").isFalse();
        clock.addAndGet(2_000);
        assertThat(readers.claim("3", onHost("b1", "pod-3", "rapl")).read()).as("lease over").isTrue();
        assertThat(readers.readerOf("boot:b1")).isEqualTo("3");
    }

    @Test
    void keepsTheChosenReadersReadingAndFlagsItWhenTwoExecutorsReadOneHostInOneWindow() {
        EnergyAccounting accounting = new EnergyAccounting(new TaskTimeline(), readers, 10_000);
        readers.claim("2", onHost("b1", "pod-2", "rapl"));
        accounting.add(reading("1", "boot:b1", 0, 100, false));
        accounting.add(reading("2", "boot:b1", 0, 100, false));
        accounting.add(cpuOnly("3", "boot:b1", 0));

        EnergyAccounting.ClosedWindows closed = accounting.closeUpTo(1_000);

        double hostJoules = closed.onTime().stream().mapToDouble(AttributedEnergy::joules).sum();
        assertThat(hostJoules).as("the host's 100 J counted once").isCloseTo(100, within(1e-9));
        assertThat(closed.onTime()).allSatisfy(share ->
                assertThat(share.provenance()).contains("duplicate host reader: executor 1"));
        // Split among the three executors of the host: each used one CPU second, so equal active and idle shares.
        for (String executor : List.of("1", "2", "3")) {
            assertThat(closed.onTime().stream().filter(share -> share.executorId().equals(executor))
                    .mapToDouble(AttributedEnergy::joules).sum()).as(executor).isCloseTo(100.0 / 3, within(1e-9));
        }
        assertThat(accounting.duplicateHostReadings()).isEqualTo(1);
        assertThat(accounting.duplicateHostReadingJoules()).isCloseTo(100, within(1e-9));
    }

    @Test
    void keepsTheLowestExecutorIdWhenTheDriverChoseNeither() {
        EnergyAccounting accounting = new EnergyAccounting(new TaskTimeline(), readers, 10_000);
        accounting.add(reading("7", "boot:b1", 0, 40, false));
        accounting.add(reading("5", "boot:b1", 0, 40, false));

        List<AttributedEnergy> shares = accounting.closeUpTo(1_000).onTime();

        assertThat(shares.stream().mapToDouble(AttributedEnergy::joules).sum()).isCloseTo(40, within(1e-9));
        assertThat(shares).allSatisfy(share -> assertThat(share.provenance()).contains("executor 7"));
    }
}
