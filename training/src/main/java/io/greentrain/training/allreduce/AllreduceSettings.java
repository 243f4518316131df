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
 */
public record AllreduceSettings(SyncMode mode, int localSteps, Duration timeout, int epochAttempts)
        implements Serializable {

    /** Gradient averaging every step; a peer silent for two minutes fails the epoch, which is tried 4 times. */
    public static final AllreduceSettings DEFAULTS =
            new AllreduceSettings(SyncMode.GRADIENT, 1, Duration.ofMinutes(2), 4);

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
    }
}
