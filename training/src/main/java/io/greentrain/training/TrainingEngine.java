package io.greentrain.training;

import java.io.Serializable;

import org.apache.spark.api.java.JavaSparkContext;

import io.greentrain.training.allreduce.AllreduceSettings;
import io.greentrain.training.allreduce.AllreduceTrainer;
import io.greentrain.training.allreduce.EpochCheckpoints;

/**
 * Which {@link DistributedTrainer} trains, and how.
 *
 * @param name      {@link #ALLREDUCE} (our own engine on DL4J's core and Spark's barrier mode) or
 *                  {@link #DL4J_PARAMETER_AVERAGING} (DL4J's frozen Spark module, Spark 3.x only)
 * @param allreduce the allreduce engine's settings; ignored by the other engine
 */
public record TrainingEngine(String name, AllreduceSettings allreduce) implements Serializable {

    /** Our own engine: workers average directly with each other over TCP, every step or every k steps. */
    public static final String ALLREDUCE = "allreduce";
    /** DL4J's {@code ParameterAveragingTrainingMaster}, averaged through the driver. */
    public static final String DL4J_PARAMETER_AVERAGING = "dl4j-paramavg";

    /** The allreduce engine with gradient averaging every step. */
    public static final TrainingEngine DEFAULT = new TrainingEngine(ALLREDUCE, AllreduceSettings.DEFAULTS);

    public TrainingEngine {
        if (!name.equals(ALLREDUCE) && !name.equals(DL4J_PARAMETER_AVERAGING)) {
            throw new IllegalArgumentException("training engine must be " + ALLREDUCE + " or "
                    + DL4J_PARAMETER_AVERAGING + ", got '" + name + "'");
        }
    }

    /** The trainer this engine names, for {@code settings} and the weight-initialisation {@code seed}. */
    public DistributedTrainer trainer(JavaSparkContext sc, TrainerSettings settings, long seed) {
        return name.equals(ALLREDUCE)
                ? new AllreduceTrainer(sc, settings, allreduce, seed)
                : new ParameterAveragingTrainer(sc, settings, seed);
    }

    /**
     * The trainer this engine names; the allreduce engine checkpoints every epoch to
     * {@code checkpoints} and resumes from its latest one. DL4J's parameter averaging neither
     * writes nor reads checkpoints.
     */
    public DistributedTrainer trainer(JavaSparkContext sc, TrainerSettings settings, long seed,
                                      EpochCheckpoints checkpoints) {
        return name.equals(ALLREDUCE)
                ? new AllreduceTrainer(sc, settings, allreduce, seed).checkpointingTo(checkpoints)
                : new ParameterAveragingTrainer(sc, settings, seed);
    }

    /** A line for progress output, e.g. {@code allreduce (gradient averaging every step)}. */
    public String describe(TrainerSettings settings) {
        if (name.equals(DL4J_PARAMETER_AVERAGING)) {
            return name + " (parameter averaging every " + settings.averagingFrequency() + " minibatches)";
        }
        return switch (allreduce.mode()) {
            case GRADIENT -> name + " (gradient averaging every step)";
            case LOCAL_SGD -> name + " (local SGD, averaging every " + allreduce.localSteps() + " steps"
                    + (allreduce.hasOuterStep() ? ", outer Nesterov step: learning rate " + allreduce.outerLearningRate()
                    + ", momentum " + allreduce.outerMomentum() : "") + ")";
        };
    }
}
