package io.greentrain.energy.report;

import static io.greentrain.energy.report.ReportText.escape;
import static io.greentrain.energy.report.ReportText.percent;

import io.greentrain.energy.api.EnergyUnits;
import io.greentrain.energy.ledger.RunVerification;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The top of {@code report.html}, the first screen: which run (or runs) this is, what it cost (IT energy, energy with
 * PUE, location- and market-based CO2e, embodied CO2e apart), per unit of work, whether the ledger verified, and a
 * banner whenever any figure is an estimate. Each figure is a {@code <span class="value" id="figure-...">} whose
 * {@code data-value} holds the exact figure in kWh or kg, as in {@code emissions.csv}.
 */
final class AnswerHeader {

    /** The phase group whose work is the run's headline unit, when it recorded any. */
    private static final String TRAIN = "train";

    private AnswerHeader() {
    }

    static void append(StringBuilder html, List<RunSummary> runs, RunSummary total, List<WorkIntensity> perUnit,
                       Map<String, RunDescription> descriptions) {
        boolean single = runs.size() == 1;
        RunDescription description = single
                ? descriptions.getOrDefault(runs.get(0).runId(), RunDescription.NONE) : RunDescription.NONE;
        html.append("<header id=\"answer\">\n<h1>Carbon report: ")
                .append(escape(single ? runs.get(0).runId() : runs.size() + " runs compared")).append("</h1>\n");
        String whatRan = whatRan(description);
        if (!whatRan.equals("\u2013")) {
            html.append("<p class=\"what-ran\">").append(escape(whatRan)).append("</p>\n");
        }
        html.append("<div class=\"figures\">\n");
        figure(html, "figure-it-energy", total.itKwh(), EnergyUnits.energy(total.itJoules()), "IT energy");
        figure(html, "figure-facility-energy", total.facilityKwh(), EnergyUnits.energy(total.facilityJoules()),
                "energy with PUE " + ReportText.number(total.meanPue()));
        figure(html, "figure-location", total.locationKg(), EnergyUnits.mass(total.locationGrams()),
                "CO2e location-based");
        figure(html, "figure-market", total.marketKg(), EnergyUnits.mass(total.marketGrams()), "CO2e market-based");
        figure(html, "figure-embodied", total.embodiedKg(), EnergyUnits.mass(total.embodiedGrams()),
                "embodied CO2e, not included above");
        WorkIntensity work = single ? headlineWork(perUnit, runs.get(0).runId()) : null;
        if (work != null) {
            html.append("<div class=\"figure\"><span class=\"value\" id=\"figure-per-unit\" data-value=\"")
                    .append(work.facilityKwhPerUnit()).append("\">").append(escape(perUnit(work)))
                    .append("</span><span class=\"label\">").append(escape(EnergyUnits.mass(work.gco2ePerUnit())))
                    .append(" CO2e per ").append(escape(work.singleUnit())).append(", ")
                    .append(escape(work.scope())).append(" (").append(String.format(Locale.ROOT, "%,d",
                            work.amount())).append(' ').append(escape(work.unit())).append(")</span></div>\n");
        }
        html.append("</div>\n");
        verification(html, runs, descriptions);
        estimateBanner(html, runs, total, descriptions);
        html.append("</header>\n");
    }

    private static void figure(StringBuilder html, String id, double exact, String shown, String label) {
        html.append("<div class=\"figure\"><span class=\"value\" id=\"").append(id).append("\" data-value=\"")
                .append(exact).append("\">").append(escape(shown)).append("</span><span class=\"label\">")
                .append(escape(label)).append("</span></div>\n");
    }

    /** One line per run: whether its hash chain verified, and what its lines are. */
    private static void verification(StringBuilder html, List<RunSummary> runs,
                                     Map<String, RunDescription> descriptions) {
        html.append("<p id=\"verification\">");
        for (int i = 0; i < runs.size(); i++) {
            RunSummary run = runs.get(i);
            RunVerification verified = descriptions.getOrDefault(run.runId(), RunDescription.NONE).verification();
            if (i > 0) {
                html.append("<br>");
            }
            String prefix = runs.size() > 1 ? run.runId() + ": " : "";
            if (verified == null) {
                html.append(escape(prefix + "not verified; " + run.entries() + " energy entries"));
                continue;
            }
            long others = verified.entries() - run.entries();
            String lines = verified.entries() + " lines in " + verified.segments()
                    + (verified.segments() == 1 ? " segment" : " segments") + " (" + run.entries()
                    + " energy entries, which every figure adds up, and " + others + " work lines and seals)";
            if (verified.sealed()) {
                html.append("<span class=\"ok\">").append(escape(prefix
                                + "ledger verified before this report: hash chain intact and sealed ("
                                + verified.seal().reason() + (verified.seal().signed() ? ", signed" : "") + ")"))
                        .append("</span>").append(escape(": " + lines + "; head hash "
                                + verified.headHash().substring(0, Math.min(12, verified.headHash().length()))
                                + "\u2026 (keep it to detect a later truncation)"));
            } else if (verified.ok()) {
                html.append("<span class=\"warn\">").append(escape(prefix
                                + "ledger verified before this report: hash chain intact but unsealed"))
                        .append("</span>").append(escape(" (the run did not finish, or its last segment is missing): "
                                + lines + "; head hash "
                                + verified.headHash().substring(0, Math.min(12, verified.headHash().length()))
                                + "\u2026 (keep it to detect a later truncation)"));
            } else {
                html.append("<span class=\"bad\">").append(escape(prefix + "ledger NOT intact")).append("</span>")
                        .append(escape(": " + verified.describe()));
            }
        }
        html.append("</p>\n");
    }

    /** The banner, only when some IT energy is estimated: how much, by which model, and how to measure instead. */
    private static void estimateBanner(StringBuilder html, List<RunSummary> runs, RunSummary total,
                                       Map<String, RunDescription> descriptions) {
        double estimated = total.itJoules() > 0 ? 1 - total.measuredShare() : 0;
        if (estimated <= 0) {
            return;
        }
        List<String> models = new ArrayList<>();
        for (RunSummary run : runs) {
            descriptions.getOrDefault(run.runId(), RunDescription.NONE).estimateSources().stream()
                    .filter(source -> !models.contains(source)).forEach(models::add);
        }
        html.append("<div id=\"estimate-banner\" class=\"banner\"><strong>")
                .append(escape(percent(estimated) + " of the IT energy is estimated, not measured."))
                .append("</strong> No energy counter covered ").append(estimated >= 1 ? "these machines" : "part of it")
                .append(" (no readable RAPL under <code>/sys/class/powercap</code>, no NVIDIA GPU with NVML), so ")
                .append("CPU and memory energy come from a model of CPU time and memory");
        if (!models.isEmpty()) {
            html.append(": <code>").append(escape(String.join("; ", models))).append("</code>");
        }
        html.append(". The model's error is not known: compare runs measured the same way, and treat the ")
                .append("absolute figures as approximate. To measure, run on hosts that expose RAPL (make ")
                .append("<code>/sys/class/powercap/intel-rapl*/energy_uj</code> readable to the Spark user) or ")
                .append("on NVIDIA GPUs; the model's parameters are the <code>spark.greentrain.energy.estimate.*</code> ")
                .append("settings.</div>\n");
    }

    /**
     * The run's headline figure per unit of work: its {@code train} group's first unit with work recorded, else the
     * whole run's; null when the run recorded no work.
     */
    static WorkIntensity headlineWork(List<WorkIntensity> perUnit, String runId) {
        WorkIntensity wholeRun = null;
        for (WorkIntensity row : perUnit) {
            if (!row.runId().equals(runId) || row.amount() <= 0) {
                continue;
            }
            if (TRAIN.equals(row.phaseGroup())) {
                return row;
            }
            if (row.phaseGroup() == null && wholeRun == null) {
                wholeRun = row;
            }
        }
        return wholeRun;
    }

    /** Energy with PUE per unit, e.g. {@code 4.5 mWh/example}. */
    static String perUnit(WorkIntensity work) {
        return EnergyUnits.energy(work.facilityJoulesPerUnit()) + "/" + work.singleUnit();
    }

    /**
     * What ran, from the run's {@code summary.json}: {@code pipeline · ames_housing.csv · allreduce, 22,273
     * parameters, 50 epochs · test RMSE 23,460, R² 0.8812}; a dash when nothing is known.
     */
    static String whatRan(RunDescription description) {
        RunMetadata metadata = description.metadata();
        if (metadata == null) {
            return "\u2013";
        }
        List<String> parts = new ArrayList<>();
        if (metadata.pipeline() != null) {
            parts.add(metadata.pipeline());
        }
        if (metadata.dataSet() != null) {
            parts.add(metadata.dataSet());
        }
        if (metadata.model() != null) {
            parts.add(metadata.model());
        }
        if (!metadata.finalMetrics().isEmpty()) {
            List<String> metrics = new ArrayList<>();
            metadata.finalMetrics().forEach((name, value) ->
                    metrics.add(RunMetadata.metricLabel(name) + " " + ReportText.number(value)));
            parts.add(Objects.requireNonNullElse(metadata.metricsFrom(), "final") + " " + String.join(", ", metrics));
        }
        return parts.isEmpty() ? "\u2013" : String.join(" \u00b7 ", parts);
    }
}
