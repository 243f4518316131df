package io.greentrain.training.allreduce;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Limits the OpenMP threads of ND4J's native operations while training tasks run in this JVM, and
 * restores the JVM's own setting when the last of them ends. The setting is process-wide, and in
 * local mode the driver shares the JVM: validation after an epoch must get every core back.
 * ({@code Nd4j.getEnvironment().setMaxThreads} does not reach OpenMP on the CPU backend of
 * 1.0.0-M2; the native {@code setOmpNumThreads} does.)
 */
final class NativeThreads {

    private static int active;
    private static int saved;

    private NativeThreads() {
    }

    /** One task's claim; {@link #close()} gives it back. */
    static final class Share implements AutoCloseable {
        private boolean closed;

        @Override
        public void close() {
            synchronized (NativeThreads.class) {
                if (closed) {
                    return;
                }
                closed = true;
                if (--active == 0) {
                    ops().setOmpNumThreads(saved);
                }
            }
        }
    }

    /** Sets native operations to {@code threads} OpenMP threads until every share is closed. */
    static Share share(int threads) {
        synchronized (NativeThreads.class) {
            if (active++ == 0) {
                saved = ops().ompGetMaxThreads();
            }
            ops().setOmpNumThreads(threads);
            return new Share();
        }
    }

    /** The OpenMP threads native operations may use now. */
    static int current() {
        return ops().ompGetMaxThreads();
    }

    private static NativeOps ops() {
        // The backend loads the native library; NativeOpsHolder used first in a fresh JVM cannot.
        Nd4j.getBackend();
        return NativeOpsHolder.getInstance().getDeviceNativeOps();
    }
}
