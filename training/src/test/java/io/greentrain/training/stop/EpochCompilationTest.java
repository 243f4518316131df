package io.greentrain.training.stop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.greentrain.training.EpochStats;
import org.junit.jupiter.api.Test;

class EpochCompilationTest {

    @Test
    void theCompilersSecondsCountInFullWhenTheRestOfTheProcessKeptEveryCoreBusy() {
        // 1 s on 2 cores: 2.2 CPU seconds, 0.2 of them the compiler's, so the workers had both cores throughout.
        EpochCompilation compilation = new EpochCompilation(0.2, 2.2, 2);

        assertThat(compilation.compilerWallSeconds(1.0)).isEqualTo(0.2, within(1e-12));
    }

    @Test
    void theCompilerCostsAnEpochNothingWhileCoresAreIdle() {
        // The process used only what the compiler did: it compiled on a core nobody else wanted.
        assertThat(new EpochCompilation(0.2, 0.2, 2).compilerWallSeconds(1.0)).isZero();
        // One of four cores busy besides the compiler: a quarter of its seconds delayed the epoch.
        assertThat(new EpochCompilation(0.2, 1.2, 4).compilerWallSeconds(1.0)).isEqualTo(0.05, within(1e-12));
    }

    @Test
    void withoutTheCompilersTimeNothingIsChargedAndWithoutTheProcesssCpuEveryCoreCountsAsBusy() {
        assertThat(EpochCompilation.UNKNOWN.compilerWallSeconds(1.0)).isZero();
        assertThat(new EpochCompilation(0.3, Double.NaN, 2).compilerWallSeconds(1.0)).isEqualTo(0.3, within(1e-12));
    }

    @Test
    void neverChargesTheCompilerMoreThanTheEpochsOwnTime() {
        // Two compiler threads: 1.5 s of compilation in an epoch of 1 s.
        assertThat(new EpochCompilation(1.5, 4.0, 2).compilerWallSeconds(1.0)).isEqualTo(1.0, within(1e-12));
    }

    @Test
    void aLaterEpochRepeatsItsTimeLessTheCompilersPart() {
        EpochStats second = new EpochStats(2, 0.5, 0.5, 64);

        assertThat(new EpochCompilation(0.1, 1.1, 2).repeatableShare(second)).isEqualTo(0.8, within(1e-12));
        assertThat(EpochCompilation.UNKNOWN.repeatableShare(second)).isEqualTo(1.0);
    }

    @Test
    void theFirstEpochLeavesOutTheLargerOfItsStartUpAndTheCompilersPartWhichOverlap() {
        // 2 s, of which 1 s start-up (the warm-up, while the compiler compiled what it runs).
        EpochStats first = new EpochStats(1, 0.5, 2.0, 64, 10, 1.0);

        assertThat(new EpochCompilation(0.6, 4.6, 2).repeatableShare(first)).as("compiling inside the start-up")
                .isEqualTo(0.5, within(1e-12));
        assertThat(new EpochCompilation(1.5, 5.5, 2).repeatableShare(first)).as("compiling past the start-up")
                .isEqualTo(0.25, within(1e-12));
    }

    @Test
    void readsWhatTheClocksAdvancedBetweenAMarkAndNow() {
        ScriptedClocks clocks = new ScriptedClocks();
        clocks.compile = 10;
        clocks.cpu = 100;
        EpochCompilation.Mark mark = EpochCompilation.mark(clocks);
        clocks.compile = 10.25;
        clocks.cpu = 102;

        EpochCompilation epoch = mark.since();

        assertThat(epoch.compileSeconds()).isEqualTo(0.25, within(1e-12));
        assertThat(epoch.cpuSeconds()).isEqualTo(2, within(1e-12));
        assertThat(epoch.cores()).isEqualTo(clocks.cores());
    }

    @Test
    void thisJvmsClocksOnlyMoveForward() {
        JvmClocks clocks = JvmClocks.jvm();
        double compile = clocks.compileSeconds();
        double cpu = clocks.cpuSeconds();
        long sum = 0;
        for (int i = 0; i < 5_000_000; i++) {
            sum += Integer.toString(i).hashCode();
        }

        assertThat(sum).isNotZero();
        assertThat(clocks.compileSeconds()).isGreaterThanOrEqualTo(compile);
        assertThat(clocks.cpuSeconds()).isGreaterThan(cpu);
        assertThat(clocks.cores()).isPositive();
    }

    /** Clocks that read whatever the test last set. */
    static final class ScriptedClocks implements JvmClocks {
        double compile;
        double cpu;

        @Override
        public double compileSeconds() {
            return compile;
        }

        @Override
        public double cpuSeconds() {
            return cpu;
        }

        @Override
        public int cores() {
            return 2;
        }
    }
}
