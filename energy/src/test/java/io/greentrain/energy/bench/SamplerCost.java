package io.greentrain.energy.bench;

import io.greentrain.energy.plugin.SamplerCostProbe;
import java.util.Locale;

/**
 * Measures what one energy sample costs the executor: the sampler's CPU time per sample with the
 * meters this machine offers (RAPL when readable, else the estimates). Run by
 * {@code scripts/bench/energy-overhead.sh}; prints {@code key=value} lines.
 */
public final class SamplerCost {

    private SamplerCost() {
    }

    public static void main(String[] args) {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        SamplerCostProbe.Result warmup = SamplerCostProbe.measure(samples / 4);
        SamplerCostProbe.Result result = SamplerCostProbe.measure(samples);
        System.out.printf(Locale.ROOT, "samples=%d%n", result.samples());
        System.out.printf(Locale.ROOT, "meters=%s%n", result.meters());
        System.out.printf(Locale.ROOT, "cpu_micros_per_sample=%.2f%n", result.cpuNanosPerSample() / 1e3);
        System.out.printf(Locale.ROOT, "wall_micros_per_sample=%.2f%n", result.wallNanosPerSample() / 1e3);
        System.out.printf(Locale.ROOT, "warmup_cpu_micros_per_sample=%.2f%n", warmup.cpuNanosPerSample() / 1e3);
    }
}
