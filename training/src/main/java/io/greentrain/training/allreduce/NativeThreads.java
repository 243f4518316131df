package io.greentrain.training.allreduce;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Limits the threads of ND4J's native operations while training tasks run in this JVM, and
 * restores the JVM's own settings when the last of them ends. The settings are process-wide, and in
 * local mode the driver shares the JVM: validation after an epoch must get every core back.
 *
 * <p>Two pools need limiting on the CPU backend of 1.0.0-M2: OpenMP's, for ND4J's own operations
 * ({@code Nd4j.getEnvironment().setMaxThreads} does not reach it; the native
 * {@code setOmpNumThreads} does), and the BLAS library's, for matrix products, which keeps its own
 * count (two on a two-core machine whatever OpenMP's says: measured, a second thread with CPU time
 * of its own during every product). Two replicas on two cores with both pools at two threads each
 * run four busy threads on two cores, and every step waits for the slower replica.
 */
final class NativeThreads {

    private static int active;
    private static int saved;
    private static int savedBlas;

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
                    Nd4j.factory().blas().setMaxThreads(savedBlas);
                }
            }
        }
    }

    /** Sets native operations to {@code threads} OpenMP and BLAS threads until every share is closed. */
    static Share share(int threads) {
        synchronized (NativeThreads.class) {
            if (active++ == 0) {
                saved = ops().ompGetMaxThreads();
                savedBlas = Nd4j.factory().blas().getMaxThreads();
            }
            ops().setOmpNumThreads(threads);
            Nd4j.factory().blas().setMaxThreads(threads);
            return new Share();
        }
    }

    /** The OpenMP threads native operations may use now. */
    static int current() {
        return ops().ompGetMaxThreads();
    }

    /** The threads the BLAS library's matrix products may use now. */
    static int currentBlas() {
        Nd4j.getBackend();
        return Nd4j.factory().blas().getMaxThreads();
    }

    private static NativeOps ops() {
        // The backend loads the native library; NativeOpsHolder used first in a fresh JVM cannot.
        Nd4j.getBackend();
        return NativeOpsHolder.getInstance().getDeviceNativeOps();
    }
}
