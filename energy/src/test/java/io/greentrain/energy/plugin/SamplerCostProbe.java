package io.greentrain.energy.plugin;

import io.greentrain.energy.EnergySettings;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Drives a real {@link ExecutorSampler} with this machine's meters and times its samples (benchmark support). */
public final class SamplerCostProbe {

    private SamplerCostProbe() {
    }

    /** Timing of {@code samples} consecutive samples. */
    public record Result(int samples, String meters, double cpuNanosPerSample, double wallNanosPerSample) {
    }

    public static Result measure(int samples) {
        try {
            Path lockDir = Files.createTempDirectory("greentrain-sampler-cost");
            MeterSet meters = MeterSet.forProcess(EnergySettings.from(Map.of("spark.greentrain.energy.hostLockDir", lockDir.toString())),
                    Map.of());
            AtomicLong sent = new AtomicLong();
            ExecutorSampler sampler = new ExecutorSampler("bench", "localhost", meters,
                    meters.hasHostMeter() ? new HostElection(lockDir, "bench") : null,
                    new HostCpuStat(Path.of("/proc/stat")), () -> ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime(),
                    System::currentTimeMillis, sample -> sent.incrementAndGet());
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long wallStart = System.nanoTime();
            for (int i = 0; i < samples; i++) {
                sampler.sampleNow(false);
            }
            long cpu = threads.getCurrentThreadCpuTime() - cpuStart;
            long wall = System.nanoTime() - wallStart;
            String description = meters.description();
            sampler.close();
            return new Result(samples, description, (double) cpu / samples, (double) wall / samples);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
