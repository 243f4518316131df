package io.greentrain.training.stop;

import io.greentrain.training.EpochStats;

/**
 * What the JVM did while one epoch trained, as {@link JvmClocks} read it at the epoch's edges: the
 * seconds its JIT compiler spent compiling and the CPU seconds of the whole process, on
 * {@code cores} cores; and from those, how much of the epoch's wall-clock time was the compiler's,
 * which a later epoch, its code compiled, does not pay again.
 *
 * <p>The compiler runs on threads of its own, beside the workers. Where the rest of the process
 * keeps every core busy (in local mode each worker's ND4J threads take its share of the cores, and
 * the workers wait for each other at every step), each second the compiler takes is a second the
 * epoch is late; where cores are idle, the compiler runs on one of them and costs the epoch
 * nothing. So the seconds charged to the compiler are its seconds times the share of the cores the
 * rest of the process kept busy during the epoch: {@code compile x min(1, (cpu - compile) / (wall x
 * cores))}. What this does not see is the time code runs interpreted before it is compiled. The
 * JVM reports the compiler's time as the time its compilations took, so on a machine that other
 * processes keep busy it overstates the compiler's CPU time, and the busy share computed from it
 * falls: there little or nothing is charged to the compiler, and the forecast reads as it would
 * without this correction, high rather than low.
 *
 * @param compileSeconds the JIT compiler's seconds during the epoch (NaN when unknown)
 * @param cpuSeconds     the process's CPU seconds during the epoch, the compiler's included (NaN when unknown)
 * @param cores          the cores the JVM may use
 */
public record EpochCompilation(double compileSeconds, double cpuSeconds, int cores) {

    /** Nothing known: no time is charged to the compiler. */
    public static final EpochCompilation UNKNOWN = new EpochCompilation(Double.NaN, Double.NaN, 1);

    public EpochCompilation {
        if (cores < 1) {
            throw new IllegalArgumentException("a JVM has at least one core, got " + cores);
        }
    }

    /** What {@code clocks} say happened between two readings: the first at construction, the second at {@link #since}. */
    public static Mark mark(JvmClocks clocks) {
        return new Mark(clocks, clocks.compileSeconds(), clocks.cpuSeconds());
    }

    /** A reading of {@link JvmClocks} to measure an epoch from. */
    public record Mark(JvmClocks clocks, double compileSeconds, double cpuSeconds) {

        /** What happened from this mark until now. */
        public EpochCompilation since() {
            return new EpochCompilation(clocks.compileSeconds() - compileSeconds, clocks.cpuSeconds() - cpuSeconds,
                    clocks.cores());
        }
    }

    /**
     * The seconds of an epoch of {@code wallSeconds} that were the compiler's (see the class comment): 0 when the
     * compiler's time is unknown, never more than {@code wallSeconds}. With the process's CPU time unknown, every
     * core counts as busy.
     */
    public double compilerWallSeconds(double wallSeconds) {
        if (!(compileSeconds > 0) || !(wallSeconds > 0)) {
            return 0;
        }
        double busyShare = Double.isNaN(cpuSeconds) ? 1
                : Math.max(0, Math.min(1, (cpuSeconds - compileSeconds) / (wallSeconds * cores)));
        return Math.min(wallSeconds, compileSeconds * busyShare);
    }

    /**
     * The share of {@code stats}' epoch that another epoch would repeat: its seconds less what it spent once, the
     * larger of its measured start-up and the {@linkplain #compilerWallSeconds compiler's seconds} (the two overlap:
     * the workers' warm-up in the start-up is what the compiler compiles first), over its seconds; 1 for an epoch of
     * no time, and never below a hundredth.
     */
    public double repeatableShare(EpochStats stats) {
        if (!(stats.seconds() > 0)) {
            return 1;
        }
        double once = Math.max(stats.startupSeconds(), compilerWallSeconds(stats.seconds()));
        return Math.max(0.01, 1 - once / stats.seconds());
    }
}
