package io.greentrain.training.allreduce;

import java.io.Serializable;
import java.util.Arrays;

/**
 * DiLoCo's outer step for local SGD: instead of taking the replicas' mean parameters as they are,
 * treat {@code anchor - mean} (how far the replicas moved together since the last averaging) as a
 * gradient and apply SGD with Nesterov momentum to the anchor:
 *
 * <pre>
 *   delta    = anchor - mean
 *   velocity = momentum x velocity + delta
 *   next     = anchor - learningRate x (delta + momentum x velocity)
 * </pre>
 *
 * (PyTorch's {@code SGD(nesterov=True)}, as in Douillard et al., <i>DiLoCo</i>, 2023). A learning
 * rate of 1 and a momentum of 0 give plain averaging. The velocity is part of the run's synchronised
 * state: every replica holds the same one, it travels with the parameters between epochs and into
 * the checkpoints.
 *
 * <p>Not thread-safe; one per replica.
 */
public final class OuterNesterov implements Serializable {

    private static final long serialVersionUID = 1L;

    private final double learningRate;
    private final double momentum;
    private float[] velocity;

    /** An outer step with no velocity yet (it starts at zero). */
    public OuterNesterov(double learningRate, double momentum) {
        this(learningRate, momentum, null);
    }

    /**
     * @param velocity the velocity a previous epoch ended with, or null for zero
     */
    public OuterNesterov(double learningRate, double momentum, float[] velocity) {
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.velocity = velocity == null ? null : velocity.clone();
    }

    /**
     * The parameters after the outer step from {@code anchor} (the synchronised parameters the
     * replicas started the round from) given their {@code mean} after the round; updates the velocity.
     */
    float[] step(float[] anchor, float[] mean) {
        if (anchor.length != mean.length) {
            throw new IllegalArgumentException("anchor of " + anchor.length + " values, mean of " + mean.length);
        }
        if (velocity == null) {
            velocity = new float[anchor.length];
        } else if (velocity.length != anchor.length) {
            throw new IllegalStateException("outer velocity of " + velocity.length + " values for a network of "
                    + anchor.length + " parameters");
        }
        float[] next = new float[anchor.length];
        float lr = (float) learningRate;
        float mu = (float) momentum;
        for (int i = 0; i < anchor.length; i++) {
            float delta = anchor[i] - mean[i];
            velocity[i] = mu * velocity[i] + delta;
            next[i] = anchor[i] - lr * (delta + mu * velocity[i]);
        }
        return next;
    }

    /** A copy of the velocity, or null before the first outer step. */
    public float[] velocity() {
        return velocity == null ? null : Arrays.copyOf(velocity, velocity.length);
    }

    public double learningRate() {
        return learningRate;
    }

    public double momentum() {
        return momentum;
    }
}
