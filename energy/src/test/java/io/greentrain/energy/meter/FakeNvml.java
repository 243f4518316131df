package io.greentrain.energy.meter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/** An {@link Nvml} whose devices, counters and power readings a test sets. */
final class FakeNvml implements Nvml {

    /** A value that makes the next read of it fail with NVML_ERROR_UNKNOWN. */
    static final long FAIL = -1;

    private final List<String> uuids = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final Map<Integer, Long> energyMillijoules = new HashMap<>();
    private final Map<Integer, Deque<Long>> powerMilliwatts = new HashMap<>();
    final AtomicInteger powerReads = new AtomicInteger();
    boolean shutDown;

    /** Adds a device with an energy counter (Volta or later). */
    FakeNvml volta(String uuid, long counterMillijoules) {
        int index = add(uuid, "Tesla V100-SXM2-16GB");
        energyMillijoules.put(index, counterMillijoules);
        return this;
    }

    /** Adds a device without an energy counter (Pascal or older) whose power reads as {@code milliwatts}. */
    FakeNvml pascal(String uuid, long... milliwatts) {
        int index = add(uuid, "Tesla P100-PCIE-16GB");
        power(index, milliwatts);
        return this;
    }

    synchronized FakeNvml counter(int index, long millijoules) {
        energyMillijoules.put(index, millijoules);
        return this;
    }

    /** The next power readings of a device, in order; the last one repeats. */
    synchronized FakeNvml power(int index, long... milliwatts) {
        Deque<Long> queue = new ArrayDeque<>();
        for (long value : milliwatts) {
            queue.add(value);
        }
        powerMilliwatts.put(index, queue);
        return this;
    }

    private int add(String uuid, String name) {
        uuids.add(uuid);
        names.add(name);
        return uuids.size() - 1;
    }

    @Override
    public int deviceCount() {
        return uuids.size();
    }

    @Override
    public String uuid(int index) {
        return uuids.get(checked(index));
    }

    @Override
    public String pciBusId(int index) {
        return String.format("00000000:%02X:00.0", 0x17 + checked(index));
    }

    @Override
    public String name(int index) {
        return names.get(checked(index));
    }

    @Override
    public synchronized OptionalLong totalEnergyMillijoules(int index) {
        checked(index);
        Long value = energyMillijoules.get(index);
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value == FAIL) {
            throw new NvmlException("nvmlDeviceGetTotalEnergyConsumption", 999, "Unknown Error");
        }
        return OptionalLong.of(value);
    }

    @Override
    public synchronized long powerMilliwatts(int index) {
        checked(index);
        powerReads.incrementAndGet();
        Deque<Long> queue = powerMilliwatts.get(index);
        long value = queue.size() > 1 ? queue.poll() : queue.peek();
        if (value == FAIL) {
            throw new NvmlException("nvmlDeviceGetPowerUsage", 999, "Unknown Error");
        }
        return value;
    }

    @Override
    public void shutdown() {
        shutDown = true;
    }

    private int checked(int index) {
        if (index < 0 || index >= uuids.size()) {
            throw new NvmlException("nvmlDeviceGetHandleByIndex_v2", 2, "Invalid Argument");
        }
        return index;
    }
}
