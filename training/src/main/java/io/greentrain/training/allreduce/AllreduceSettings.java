package io.greentrain.training.allreduce;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the allreduce engine keeps its replicas in step.
 *
 * @param mode       gradient averaging every step, or local SGD
 * @param localSteps for {@link SyncMode#LOCAL_SGD}: steps each replica takes between two averagings
 * @param timeout    how long a worker waits for a peer's connection or data before failing the
 *                   epoch's stage with an error naming that peer
 * @param epochAttempts how many times an epoch is run before the training fails: a failed epoch
 *                   (a lost executor, a silent peer) is run again from its starting parameters
 * @param outerLearningRate for {@link SyncMode#LOCAL_SGD}: the learning rate of DiLoCo's outer
 *                   Nesterov step on the averaged parameter delta ({@link OuterNesterov}); with
 *                   {@code outerMomentum} 0, a rate of 1 is plain averaging
 * @param outerMomentum for {@link SyncMode#LOCAL_SGD}: the outer step's Nesterov momentum, in [0, 1)
 * @param warmUp     how a worker warms the JIT compiler up on a replica it has just built, before
 *                   the replica trains ({@link ReplicaWarmUp#OFF} for none)
 */
public record AllreduceSettings(SyncMode mode, int localSteps, Duration timeout, int epochAttempts,
                                double outerLearningRate, double outerMomentum, ReplicaWarmUp warmUp)
        implements Serializable {

    /** The outer learning rate that, with {@link #PLAIN_AVERAGING_MOMENTUM}, leaves the mean as it is. */
    public static final double PLAIN_AVERAGING_LEARNING_RATE = 1.0;
    /** The outer momentum of plain averaging. */
    public static final double PLAIN_AVERAGING_MOMENTUM = 0.0;

    /**
     * Gradient averaging every step; a peer silent for two minutes fails the epoch, which is tried 4 times; the
     * {@linkplain ReplicaWarmUp#DEFAULT default replica warm-up}.
     */
    public static final AllreduceSettings DEFAULTS = new AllreduceSettings(SyncMode.GRADIENT, 1, Duration.ofMinutes(2), 4,
            PLAIN_AVERAGING_LEARNING_RATE, PLAIN_AVERAGING_MOMENTUM, ReplicaWarmUp.DEFAULT);

    public AllreduceSettings {
        if (localSteps < 1) {
            throw new IllegalArgumentException("local steps must be at least 1, got " + localSteps);
        }
        if (epochAttempts < 1) {
            throw new IllegalArgumentException("epoch attempts must be at least 1, got " + epochAttempts);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("allreduce timeout must be positive, got " + timeout);
        }
        if (!(outerLearningRate > 0) || Double.isInfinite(outerLearningRate)) {
            throw new IllegalArgumentException("outer learning rate must be positive, got " + outerLearningRate);
        }
        if (!(outerMomentum >= 0 && outerMomentum < 1)) {
            throw new IllegalArgumentException("outer momentum must be in [0, 1), got " + outerMomentum);
        }
        if (warmUp == null) {
            throw new IllegalArgumentException("the replica warm-up must be given (ReplicaWarmUp.OFF for none)");
        }
        if (mode == SyncMode.GRADIENT && (outerLearningRate != PLAIN_AVERAGING_LEARNING_RATE
                || outerMomentum != PLAIN_AVERAGING_MOMENTUM)) {
            throw new IllegalArgumentException("the outer step applies to local-sgd only, not to gradient averaging");
        }
    }

    /** Settings without a replica warm-up. */
    public AllreduceSettings(SyncMode mode, int localSteps, Duration timeout, int epochAttempts,
                             double outerLearningRate, double outerMomentum) {
        this(mode, localSteps, timeout, epochAttempts, outerLearningRate, outerMomentum, ReplicaWarmUp.OFF);
    }

    /** Settings with plain averaging (no outer step) and no replica warm-up. */
    public AllreduceSettings(SyncMode mode, int localSteps, Duration timeout, int epochAttempts) {
        this(mode, localSteps, timeout, epochAttempts, PLAIN_AVERAGING_LEARNING_RATE, PLAIN_AVERAGING_MOMENTUM);
    }

    /** These settings with {@code warmUp} instead of their replica warm-up. */
    public AllreduceSettings withWarmUp(ReplicaWarmUp warmUp) {
        return new AllreduceSettings(mode, localSteps, timeout, epochAttempts, outerLearningRate, outerMomentum, warmUp);
    }

    /** Whether local SGD applies DiLoCo's outer step rather than taking the plain mean. */
    public boolean hasOuterStep() {
        return mode == SyncMode.LOCAL_SGD && (outerLearningRate != PLAIN_AVERAGING_LEARNING_RATE
                || outerMomentum != PLAIN_AVERAGING_MOMENTUM);
    }
}
