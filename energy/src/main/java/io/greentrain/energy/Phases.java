package io.greentrain.energy;

import org.apache.spark.SparkContext;

/**
 * How an application tells the energy accounting which phase of its work is running.
 *
 * <p>A phase is a short path such as {@code clean}, {@code convert}, {@code train/epoch-3} or
 * {@code evaluate}. It is carried as a Spark local property, so every job submitted from the
 * calling thread afterwards (and every task of those jobs) carries it too; Spark copies local
 * properties into each task's properties, where a listener or executor plugin reads them.
 *
 * <p>This is the whole coupling between the energy module and the code it measures: any Spark
 * application can set phases, and nothing here knows about our jobs or about DL4J.
 */
public final class Phases {

    /** The Spark local property that holds the current phase. */
    public static final String PHASE_PROPERTY = "greentrain.phase";

    private Phases() {
    }

    /**
     * Marks the jobs that the calling thread submits from now on as belonging to {@code phase}.
     *
     * @param sc    the application's context
     * @param phase a non-blank phase path, for example {@code train/epoch-3}
     * @throws IllegalArgumentException if {@code phase} is null or blank
     */
    public static void enter(SparkContext sc, String phase) {
        if (phase == null || phase.isBlank()) {
            throw new IllegalArgumentException("phase must be a non-blank string");
        }
        sc.setLocalProperty(PHASE_PROPERTY, phase);
    }

    /** Clears the phase of the calling thread; later jobs are charged to the application alone. */
    public static void leave(SparkContext sc) {
        sc.setLocalProperty(PHASE_PROPERTY, null);
    }

    /** The calling thread's current phase, or {@code null} when none is set. */
    public static String current(SparkContext sc) {
        return sc.getLocalProperty(PHASE_PROPERTY);
    }
}
