package io.greentrain.energy.bench;

import io.greentrain.energy.plugin.DriverCostProbe;
import java.util.Locale;

/**
 * Measures what samples cost the driver: CPU time per sample of filing and recording them (carbon accounting
 * included) and heap retained per executor, at 10, 100 and 1,000 simulated executors sending one sample a second.
 * Run by {@code scripts/bench/energy-overhead.sh}; prints {@code key=value} lines.
 *
 * <p>Arguments: simulated seconds per scale (default 300), then the executor counts (default 10 100 1000).
 */
public final class DriverCost {

    private DriverCost() {
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int[] scales = args.length > 1 ? java.util.Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt)
                .toArray() : new int[] {10, 100, 1000};
        DriverCostProbe.measure(1000, 60); // warm-up: JIT compilation is not the driver's steady cost
        System.out.printf(Locale.ROOT, "seconds=%d%n", seconds);
        for (int executors : scales) {
            DriverCostProbe.Result result = DriverCostProbe.measure(executors, seconds);
            System.out.printf(Locale.ROOT, "cpu_micros_per_sample_%d=%.2f%n", executors,
                    result.cpuNanosPerSample() / 1e3);
            System.out.printf(Locale.ROOT, "retained_bytes_per_executor_%d=%.0f%n", executors,
                    result.retainedBytesPerExecutor());
        }
    }
}
