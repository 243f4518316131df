package io.greentrain.training.stop;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * What this JVM has spent since it started, read at the edges of an epoch: the seconds its JIT
 * compiler spent compiling ({@link CompilationMXBean#getTotalCompilationTime()}, the compiler
 * threads' time summed) and the CPU seconds of the whole process (every thread, the compiler's
 * included). Differences of two readings say what happened in between. NaN where the JVM does not
 * report a figure.
 *
 * <p>Only this JVM is seen: in local mode (the examples) that is all of training; on a cluster the
 * executors compile and compute in their own JVMs, and the driver's figures say little.
 */
public interface JvmClocks {

    /** The JIT compiler's cumulative seconds so far, or NaN when unknown. */
    double compileSeconds();

    /** The process's cumulative CPU seconds so far, or NaN when unknown. */
    double cpuSeconds();

    /** The cores the JVM may use. */
    int cores();

    /** Nothing is known: every reading is NaN (the forecast then goes by wall-clock time alone). */
    JvmClocks NONE = new JvmClocks() {
        @Override
        public double compileSeconds() {
            return Double.NaN;
        }

        @Override
        public double cpuSeconds() {
            return Double.NaN;
        }

        @Override
        public int cores() {
            return Runtime.getRuntime().availableProcessors();
        }
    };

    /** This JVM's clocks, from its management beans. */
    static JvmClocks jvm() {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        boolean compileTimed = compiler != null && compiler.isCompilationTimeMonitoringSupported();
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return new JvmClocks() {
            @Override
            public double compileSeconds() {
                return compileTimed ? compiler.getTotalCompilationTime() / 1e3 : Double.NaN;
            }

            @Override
            public double cpuSeconds() {
                if (os instanceof com.sun.management.OperatingSystemMXBean process) {
                    long nanos = process.getProcessCpuTime();
                    return nanos < 0 ? Double.NaN : nanos / 1e9;
                }
                return Double.NaN;
            }

            @Override
            public int cores() {
                return Runtime.getRuntime().availableProcessors();
            }
        };
    }
}
