package io.greentrain.training;

import java.io.Serializable;
import java.util.List;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.linalg.schedule.StepSchedule;

/**
 * The optimiser and its learning-rate schedule.
 *
 * <p>Optimisers: {@code adam}; {@code adamw}, Adam with decoupled weight decay (Loshchilov and
 * Hutter, 2019: DL4J's {@code WeightDecay} regularisation, which subtracts {@code lr x decay x w}
 * from the weights after the Adam step rather than adding to the gradient); {@code sgd-momentum},
 * stochastic gradient descent with Nesterov momentum (DL4J's {@code Nesterovs}).
 *
 * <p>Schedules, counted in minibatch steps so that they hold for every replica of the allreduce
 * engine (each keeps its own step count): {@code constant}; {@code step}, the rate multiplied by
 * {@code stepFactor} every {@code stepEpochs} epochs; {@code cosine}, half a cosine from the rate to
 * {@code finalFraction x rate} over the configured epochs.
 *
 * @param optimizer     {@code adam}, {@code adamw} or {@code sgd-momentum}
 * @param schedule      {@code constant}, {@code step} or {@code cosine}
 * @param momentum      the momentum of {@code sgd-momentum}; ignored by the others
 * @param weightDecay   the decoupled weight decay of {@code adamw}; ignored by the others
 * @param stepEpochs    {@code step}: epochs between two reductions
 * @param stepFactor    {@code step}: the factor of each reduction, in (0, 1]
 * @param finalFraction {@code cosine}: the last rate as a fraction of the first, in [0, 1]
 */
public record OptimizerSpec(String optimizer, String schedule, double momentum, double weightDecay, int stepEpochs,
                            double stepFactor, double finalFraction) implements Serializable {

    public static final String ADAM = "adam";
    public static final String ADAMW = "adamw";
    public static final String SGD_MOMENTUM = "sgd-momentum";
    public static final List<String> OPTIMIZERS = List.of(ADAM, ADAMW, SGD_MOMENTUM);

    public static final String CONSTANT = "constant";
    public static final String STEP = "step";
    public static final String COSINE = "cosine";
    public static final List<String> SCHEDULES = List.of(CONSTANT, STEP, COSINE);

    /** Adam at a constant rate: the optimiser every network had before schedules existed. */
    public static final OptimizerSpec ADAM_CONSTANT = new OptimizerSpec(ADAM, CONSTANT, 0.9, 0, 10, 0.5, 0);

    public OptimizerSpec {
        if (!OPTIMIZERS.contains(optimizer)) {
            throw new IllegalArgumentException("optimizer must be one of " + OPTIMIZERS + ", got '" + optimizer + "'");
        }
        if (!SCHEDULES.contains(schedule)) {
            throw new IllegalArgumentException("schedule must be one of " + SCHEDULES + ", got '" + schedule + "'");
        }
        if (momentum < 0 || momentum >= 1) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (weightDecay < 0) {
            throw new IllegalArgumentException("weight decay must not be negative, got " + weightDecay);
        }
        if (stepEpochs < 1) {
            throw new IllegalArgumentException("step epochs must be at least 1, got " + stepEpochs);
        }
        if (!(stepFactor > 0 && stepFactor <= 1)) {
            throw new IllegalArgumentException("step factor must be in (0, 1], got " + stepFactor);
        }
        if (!(finalFraction >= 0 && finalFraction <= 1)) {
            throw new IllegalArgumentException("final fraction must be in [0, 1], got " + finalFraction);
        }
    }

    /**
     * The learning rate as a function of the step, for a run of {@code epochs} epochs of
     * {@code stepsPerEpoch} minibatch steps each (per replica).
     */
    public ISchedule learningRate(double rate, int stepsPerEpoch, int epochs) {
        if (stepsPerEpoch < 1 || epochs < 1) {
            throw new IllegalArgumentException("steps per epoch and epochs must be at least 1");
        }
        return switch (schedule) {
            case STEP -> new StepSchedule(ScheduleType.ITERATION, rate, stepFactor, (double) stepEpochs * stepsPerEpoch);
            case COSINE -> new CosineSchedule(ScheduleType.ITERATION, rate, rate * finalFraction,
                    (double) stepsPerEpoch * epochs);
            default -> new StepSchedule(ScheduleType.ITERATION, rate, 1, Integer.MAX_VALUE);
        };
    }

    /** DL4J's updater for this optimiser, with the rate of {@link #learningRate}. */
    public IUpdater updater(double rate, int stepsPerEpoch, int epochs) {
        if (schedule.equals(CONSTANT)) {
            return optimizer.equals(SGD_MOMENTUM) ? new Nesterovs(rate, momentum) : new Adam(rate);
        }
        ISchedule rates = learningRate(rate, stepsPerEpoch, epochs);
        return optimizer.equals(SGD_MOMENTUM) ? new Nesterovs(rates, momentum) : new Adam(rates);
    }

    /** The decoupled weight decay to configure: {@link #weightDecay} for {@code adamw}, 0 otherwise. */
    public double decoupledWeightDecay() {
        return optimizer.equals(ADAMW) ? weightDecay : 0;
    }

    /** A short description, e.g. {@code adamw (decay 0.0001), cosine schedule}. */
    public String describe() {
        String name = switch (optimizer) {
            case ADAMW -> "adamw (decay " + weightDecay + ")";
            case SGD_MOMENTUM -> "sgd-momentum (" + momentum + ")";
            default -> optimizer;
        };
        String rates = switch (schedule) {
            case STEP -> "step schedule (x" + stepFactor + " every " + stepEpochs + " epochs)";
            case COSINE -> "cosine schedule (to " + finalFraction + " of the rate)";
            default -> "constant rate";
        };
        return name + ", " + rates;
    }
}
