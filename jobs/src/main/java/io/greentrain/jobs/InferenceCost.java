package io.greentrain.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.energy.api.ApplicationEnergy;
import io.greentrain.energy.api.EnergyUnits;
import io.greentrain.energy.api.Phases;
import io.greentrain.energy.plugin.EnergyReport;
import io.greentrain.formats.JsonFiles;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.spark.SparkContext;

/**
 * What scoring cost: predictions made, wall-clock seconds, and the joules the energy plugin charged
 * to the phase they ran in, hence predictions per joule (the inference side of the levers and the
 * {@code predict} job's figure of merit).
 *
 * @param predictions predictions made
 * @param seconds     wall-clock seconds they took
 * @param joules      energy charged to their phase; NaN when the application runs without the energy plugin
 * @param estimated   whether that energy is estimated (from CPU time) rather than read from a meter
 */
record InferenceCost(long predictions, double seconds, double joules, boolean estimated) {

    /** Longest wait for the executors' samples that cover the work just done. */
    private static final Duration SAMPLE_WAIT = Duration.ofSeconds(3);

    /** Predictions per joule; NaN when the energy is unknown or zero. */
    double predictionsPerJoule() {
        return Double.isFinite(joules) && joules > 0 ? predictions / joules : Double.NaN;
    }

    /**
     * Runs {@code pass} (which scores something with Spark tasks and returns how many predictions it
     * made) in the phase {@code phase}, again and again until {@code atLeast} has passed, so that the
     * plugin's samples (one a second by default) cover the work well; the thread's phase is restored
     * afterwards. The energy is what the phase was charged meanwhile: name a phase used by nothing else.
     */
    static InferenceCost measure(SparkContext sc, String phase, Duration atLeast, LongSupplier pass) {
        Stopwatch stopwatch = start(sc, phase);
        long predictions = 0;
        try (Phases.Scope scope = Phases.scope(sc, phase)) {
            do {
                predictions += pass.getAsLong();
            } while (System.nanoTime() - stopwatch.startNanos() < atLeast.toNanos());
        }
        return stopwatch.stop(predictions);
    }

    /** Starts timing work of the phase {@code phase}, taking the energy it has been charged so far. */
    static Stopwatch start(SparkContext sc, String phase) {
        double before = report(sc).map(r -> r.byPhase().getOrDefault(phase, 0.0)).orElse(Double.NaN);
        return new Stopwatch(sc, phase, before, System.nanoTime());
    }

    /**
     * Timing of one phase's work since {@link #start}: {@link #stop} gives its cost. Driver-only.
     *
     * @param joulesBefore the phase's energy when the work started; NaN without the energy plugin
     */
    record Stopwatch(SparkContext sc, String phase, double joulesBefore, long startNanos) {

        /** The cost of {@code predictions} made since the start, once the samples covering them are in. */
        InferenceCost stop(long predictions) {
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            Optional<EnergyReport> report = report(sc);
            double joules = report.map(r -> r.byPhase().getOrDefault(phase, 0.0) - joulesBefore).orElse(Double.NaN);
            boolean estimated = report.map(r -> r.joules() > 0 && r.measuredShare() < 1).orElse(false);
            return new InferenceCost(predictions, seconds, joules, estimated);
        }
    }

    /** {@code predictions}, {@code seconds}, {@code joules}, {@code predictionsPerJoule} (null when unknown), {@code energyEstimated}. */
    ObjectNode toJson() {
        ObjectNode node = JsonFiles.newObject();
        node.put("predictions", predictions);
        node.put("seconds", seconds);
        if (Double.isFinite(joules)) {
            node.put("joules", joules);
        } else {
            node.putNull("joules");
        }
        double perJoule = predictionsPerJoule();
        if (Double.isFinite(perJoule)) {
            node.put("predictionsPerJoule", perJoule);
        } else {
            node.putNull("predictionsPerJoule");
        }
        node.put("energyEstimated", estimated);
        return node;
    }

    /** For people: {@code 1,200 predictions in 2.1 s, 310 mWh (estimated): 1.08 predictions per joule}. */
    String describe() {
        String energy = Double.isFinite(joules) ? ", " + EnergyUnits.energy(joules) + (estimated ? " (estimated)" : "")
                : ", energy unknown (no energy plugin)";
        String perJoule = Double.isFinite(predictionsPerJoule())
                ? ": " + EnergyUnits.number(predictionsPerJoule()) + " predictions per joule" + (estimated ? " (estimated)" : "")
                : "";
        return String.format(Locale.ROOT, "%,d predictions in %.1f s%s%s", predictions, seconds, energy, perJoule);
    }

    /** The plugin's report, once the samples covering the work so far are in; empty without the plugin. */
    private static Optional<EnergyReport> report(SparkContext sc) {
        return ApplicationEnergy.of(sc).map(energy -> energy.energy(SAMPLE_WAIT));
    }
}
