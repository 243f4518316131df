package io.greentrain.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.energy.api.EnergyUnits;
import io.greentrain.energy.api.Work;
import io.greentrain.formats.JsonFiles;
import io.greentrain.training.stop.EarlyStopping;
import io.greentrain.training.stop.EpochCosts;
import io.greentrain.training.stop.PluginEpochCosts;
import io.greentrain.training.stop.RunCost;
import io.greentrain.training.stop.StopSettings;
import io.greentrain.training.stop.Target;
import io.greentrain.training.stop.TrainingForecast;
import io.greentrain.training.stop.TrainingMonitor;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.SparkContext;

/**
 * What a {@link TrainingMonitor} learnt about a training run, for {@code summary.json}, the carbon
 * ledger and the printed summary: why and when training stopped ({@code stop}), when it reached its
 * target and what that cost ({@code target}), and the forecast made after the first epochs against
 * the actual figures ({@code forecast}). Shared by the tabular and the language-model training steps.
 *
 * <p>In the ledger, as event lines (work lines of amount 1) of the epoch they concern:
 * {@code early-stop-<reason>} when training stopped early, {@code target-reached} at the first epoch
 * that reached the target. They are events ({@link io.greentrain.energy.ledger.WorkRecord#isEvent}), not units
 * of work: the ledger report leaves them out of its per-unit figures and SCI. The forecast is in
 * {@code summary.json} only: the ledger holds what happened, not what was expected.
 */
public final class TrainingOutcome {

    private TrainingOutcome() {
    }

    /**
     * What the epochs cost, from the energy plugin of {@code sc}'s application; time only without it.
     *
     * @throws IllegalArgumentException when {@code stop} sets a budget but nothing measures energy
     */
    public static EpochCosts costs(SparkContext sc, StopSettings stop) {
        EpochCosts costs = PluginEpochCosts.of(sc);
        if (stop.hasBudget() && costs == EpochCosts.TIME_ONLY) {
            throw new IllegalArgumentException("greentrain.train.stop.budget-kwh and budget-gco2e need the energy "
                    + "plugin (spark.plugins=io.greentrain.energy.EnergyPlugin)");
        }
        return costs;
    }

    /** Adds {@code stop}, {@code target} and {@code forecast} to {@code train}; records the ledger lines. */
    public static void record(SparkContext sc, TrainingMonitor monitor, int epochsConfigured, ObjectNode train) {
        EarlyStopping stopping = monitor.stopping();
        int epochsRun = monitor.records().size();
        train.put("epochsRun", epochsRun);
        train.put("keptEpoch", monitor.keptEpoch());
        train.put("energyEstimated", monitor.estimated());
        ObjectNode stop = train.putObject("stop");
        stopping.stop().ifPresentOrElse(s -> {
            stop.put("reason", s.reason().code());
            stop.put("afterEpoch", s.epoch());
            stop.put("detail", s.detail());
            Work.record(sc, "train/epoch-" + s.epoch(), Work.EARLY_STOP_PREFIX + s.reason().code(), 1);
        }, () -> {
            stop.put("reason", "completed");
            stop.put("afterEpoch", epochsRun);
        });
        stop.put("bestEpoch", stopping.bestEpoch());
        putFinite(stop, "bestValue", stopping.bestValue());
        stop.put("monitored", stopping.settings().monitored());

        Target target = stopping.settings().target();
        if (target != null) {
            ObjectNode node = train.putObject("target");
            node.put("metric", target.metric());
            node.put("comparison", target.atLeast() ? ">=" : "<=");
            node.put("threshold", target.threshold());
            Optional<EarlyStopping.TargetReached> reached = stopping.targetReached();
            node.put("reached", reached.isPresent());
            reached.ifPresent(r -> {
                node.put("epoch", r.epoch());
                node.put("value", r.value());
                putCost(node, r.cost());
                Work.record(sc, "train/epoch-" + r.epoch(), Work.TARGET_REACHED, 1);
            });
        }

        ObjectNode forecast = train.putObject("forecast");
        Optional<TrainingForecast> made = monitor.forecast();
        forecast.put("made", made.isPresent());
        RunCost actual = monitor.actual();
        made.ifPresent(f -> {
            forecast.put("afterEpochs", f.afterEpochs());
            forecast.put("epochs", f.epochs());
            putCost(forecast, f.total());
        });
        ObjectNode actualNode = forecast.putObject("actual");
        // The epochs whose cost the actual figures hold: after a resume, those trained in this run only.
        actualNode.put("epochs", monitor.epochsTrainedHere());
        putCost(actualNode, actual);
        made.filter(f -> epochsRun == epochsConfigured).ifPresent(f -> {
            ObjectNode error = forecast.putObject("relativeError");
            putFinite(error, "seconds", TrainingForecast.relativeError(f.total().seconds(), actual.seconds()));
            putFinite(error, "kwh", TrainingForecast.relativeError(f.total().joules(), actual.joules()));
            putFinite(error, "gco2e", TrainingForecast.relativeError(f.total().grams(), actual.grams()));
        });
    }

    /** The stop, target and forecast lines of the printed summary, from a {@code train} or {@code lm} section. */
    public static void print(JsonNode section, PrintStream out) {
        String estimated = section.path("energyEstimated").asBoolean() ? " (energy estimated)" : "";
        JsonNode stop = section.path("stop");
        if (!stop.isMissingNode()) {
            out.printf(Locale.ROOT, "  stop      %s after epoch %d; kept epoch %d%s%n", stop.path("reason").asText(),
                    stop.path("afterEpoch").asInt(), section.path("keptEpoch").asInt(),
                    stop.has("detail") ? ": " + stop.path("detail").asText() : "");
        }
        JsonNode target = section.path("target");
        if (!target.isMissingNode()) {
            String goal = target.path("metric").asText() + " " + target.path("comparison").asText() + " "
                    + target.path("threshold").asText();
            if (target.path("reached").asBoolean()) {
                out.printf(Locale.ROOT, "  target    %s reached at epoch %d: %.1f s, %s, %s%s%n", goal,
                        target.path("epoch").asInt(), target.path("seconds").asDouble(), energy(target), mass(target),
                        estimated);
            } else {
                out.printf(Locale.ROOT, "  target    %s not reached%n", goal);
            }
        }
        JsonNode forecast = section.path("forecast");
        if (forecast.path("made").asBoolean()) {
            JsonNode actual = forecast.path("actual");
            out.printf(Locale.ROOT, "  forecast  after %d epoch(s), %d epochs: %.0f s, %s, %s; actual %d epochs: "
                            + "%.0f s, %s, %s%s%n", forecast.path("afterEpochs").asInt(), forecast.path("epochs").asInt(),
                    forecast.path("seconds").asDouble(), energy(forecast), mass(forecast), actual.path("epochs").asInt(),
                    actual.path("seconds").asDouble(), energy(actual), mass(actual), estimated);
        }
    }

    private static String energy(JsonNode node) {
        return node.path("joules").isNumber() ? EnergyUnits.energy(node.path("joules").asDouble()) : "energy not measured";
    }

    private static String mass(JsonNode node) {
        return node.path("gco2e").isNumber() ? EnergyUnits.mass(node.path("gco2e").asDouble()) + " CO2e"
                : "emissions not accounted";
    }

    private static void putCost(ObjectNode node, RunCost cost) {
        node.put("seconds", cost.seconds());
        putFinite(node, "joules", cost.joules());
        putFinite(node, "kwh", cost.kwh());
        putFinite(node, "gco2e", cost.grams());
    }

    /** {@code value}, or null when it is not a finite number (JSON has no NaN). */
    private static void putFinite(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}
