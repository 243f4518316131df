package io.greentrain.energy.tools;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import io.greentrain.energy.meter.Nvml;
import io.greentrain.energy.meter.NvmlException;

/**
 * How often a device's readings actually change: NVML returns the last value its sensor or counter
 * produced, so reading faster than that only repeats it. Polls a value about every
 * {@value #POLL_MICROS} µs for a while and records the time between changes. The first change is
 * not counted as an interval, since polling started at an arbitrary point of the period.
 */
final class UpdateProbe {

    static final long POLL_MICROS = 500;

    /**
     * The periods seen for one value.
     *
     * @param changes  how many times the value changed while polled
     * @param medianMs the median time between changes, NaN with fewer than two changes
     * @param minMs    the shortest time between changes, NaN likewise
     * @param maxMs    the longest, NaN likewise
     */
    record Periods(int changes, double medianMs, double minMs, double maxMs) {
    }

    /** A device's counter and power, probed together. */
    record DevicePeriods(Periods energyCounter, Periods power) {
    }

    private UpdateProbe() {
    }

    /**
     * Polls the energy counter (where the device has one) and the power of each device for
     * {@code millis}; the counter's periods are null for a device without a counter.
     */
    static List<DevicePeriods> probe(Nvml nvml, List<Integer> nvmlIndices, long millis) {
        List<Tracker> counters = new ArrayList<>();
        List<Tracker> powers = new ArrayList<>();
        for (int index : nvmlIndices) {
            counters.add(nvml.totalEnergyMillijoules(index).isPresent() ? new Tracker(() -> counter(nvml, index)) : null);
            powers.add(new Tracker(() -> nvml.powerMilliwatts(index)));
        }
        long end = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < end) {
            long now = System.nanoTime();
            for (int i = 0; i < nvmlIndices.size(); i++) {
                if (counters.get(i) != null) {
                    counters.get(i).poll(now);
                }
                powers.get(i).poll(now);
            }
            LockSupport.parkNanos(POLL_MICROS * 1_000);
        }
        List<DevicePeriods> periods = new ArrayList<>();
        for (int i = 0; i < nvmlIndices.size(); i++) {
            periods.add(new DevicePeriods(counters.get(i) == null ? null : counters.get(i).periods(),
                    powers.get(i).periods()));
        }
        return periods;
    }

    /** The median of {@code values}, NaN when there is none. */
    static double median(List<Long> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
    }

    private static long counter(Nvml nvml, int index) {
        OptionalLong millijoules = nvml.totalEnergyMillijoules(index);
        return millijoules.isPresent() ? millijoules.getAsLong() : Long.MIN_VALUE;
    }

    /** Change times of one polled value; a failed read is skipped. */
    private static final class Tracker {
        private final LongSupplier value;
        private final List<Long> changeNanos = new ArrayList<>();
        private boolean started;
        private long last;

        Tracker(LongSupplier value) {
            this.value = value;
        }

        void poll(long nanos) {
            long now;
            try {
                now = value.getAsLong();
            } catch (NvmlException e) {
                return;
            }
            if (started && now != last) {
                changeNanos.add(nanos);
            }
            started = true;
            last = now;
        }

        Periods periods() {
            List<Long> intervals = new ArrayList<>();
            for (int i = 1; i < changeNanos.size(); i++) {
                intervals.add(changeNanos.get(i) - changeNanos.get(i - 1));
            }
            if (intervals.isEmpty()) {
                return new Periods(changeNanos.size(), Double.NaN, Double.NaN, Double.NaN);
            }
            return new Periods(changeNanos.size(), median(intervals) / 1e6,
                    Collections.min(intervals) / 1e6, Collections.max(intervals) / 1e6);
        }
    }
}
