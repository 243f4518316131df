package io.greentrain.jobs.carbon;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.energy.api.EnergyUnits;
import io.greentrain.energy.carbon.IntensityTimeSeries;
import io.greentrain.energy.config.SparkValueParsers;
import io.greentrain.formats.JsonFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code greentrain carbon-window --zone DE --duration 2h --deadline 2026-12-04T06:00Z --intensity forecast.csv}:
 * the start time before the deadline that minimises a job's expected emissions, from an intensity
 * forecast in any CSV format {@link IntensityTimeSeries} reads, and the saving against starting
 * now ({@link CarbonWindow}). {@code --json} prints one JSON object instead of the text, for a
 * scheduler to read ({@code startAt}, {@code waitSeconds}, ...). No Spark.
 *
 * <p>Exit codes: 0 with a plan; 2 for bad usage, an unreadable series, or a deadline or series
 * that leaves no window (one line naming what is wrong).
 */
public final class CarbonWindowCommand {

    public static final String USAGE = String.join("\n",
            "usage: greentrain carbon-window --zone ZONE --duration 2h --deadline 2026-12-04T06:00Z --intensity CSV",
            "                                [--now INSTANT] [--kwh ENERGY] [--step 5m] [--json]",
            "  --duration, --step: Spark time strings (90m, 2h); --kwh: the job's energy, to state the saving in gCO2e",
            "  (for example the training forecast's kWh); --now: plan as if it were then (default: the clock)");

    private static final List<String> VALUE_FLAGS = List.of("--zone", "--duration", "--deadline", "--intensity",
            "--now", "--kwh", "--step");

    private CarbonWindowCommand() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> values = new HashMap<>();
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                out.println(USAGE);
                return 0;
            } else if (arg.equals("--json")) {
                json = true;
            } else if (VALUE_FLAGS.contains(arg) && i + 1 < args.length) {
                values.put(arg, args[++i]);
            } else {
                return usage(err, VALUE_FLAGS.contains(arg) ? arg + " needs a value" : "unknown argument '" + arg + "'");
            }
        }
        for (String required : List.of("--zone", "--duration", "--deadline", "--intensity")) {
            if (!values.containsKey(required)) {
                return usage(err, "carbon-window needs " + required);
            }
        }
        CarbonWindow.Plan plan;
        double kwh;
        try {
            Duration duration = SparkValueParsers.TIME.parse(values.get("--duration"), "--duration");
            Duration step = SparkValueParsers.TIME.parse(values.getOrDefault("--step", "5m"), "--step");
            Instant deadline = instant(values.get("--deadline"), "--deadline");
            Instant now = values.containsKey("--now") ? instant(values.get("--now"), "--now") : Instant.now();
            kwh = values.containsKey("--kwh") ? SparkValueParsers.DOUBLE.parse(values.get("--kwh"), "--kwh") : Double.NaN;
            Path csv = Path.of(values.get("--intensity"));
            if (!Files.isRegularFile(csv)) {
                throw new IllegalArgumentException("--intensity: no such file " + csv);
            }
            IntensityTimeSeries series;
            try {
                series = IntensityTimeSeries.read(csv);
            } catch (IOException e) {
                throw new IllegalArgumentException("--intensity: cannot read " + csv + ": " + e.getMessage());
            }
            plan = CarbonWindow.plan(series, values.get("--zone"), now, duration, deadline, step);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        if (json) {
            out.println(toJson(plan, kwh).toString());
        } else {
            print(plan, kwh, values.get("--intensity"), out);
        }
        return 0;
    }

    static ObjectNode toJson(CarbonWindow.Plan plan, double kwh) {
        ObjectNode node = JsonFiles.newObject();
        node.put("zone", plan.zone());
        node.put("durationSeconds", plan.duration().toSeconds());
        node.put("deadline", plan.deadline().toString());
        node.put("now", plan.now().start().toString());
        node.put("nowGramsPerKwh", plan.now().gramsPerKwh());
        node.put("startAt", plan.best().start().toString());
        node.put("endAt", plan.best().end().toString());
        node.put("bestGramsPerKwh", plan.best().gramsPerKwh());
        node.put("waitSeconds", plan.waitBeforeStart().toSeconds());
        node.put("savingShare", plan.savingShare());
        if (Double.isFinite(kwh)) {
            node.put("kwh", kwh);
            node.put("nowGco2e", kwh * plan.now().gramsPerKwh());
            node.put("bestGco2e", kwh * plan.best().gramsPerKwh());
            node.put("savingGco2e", kwh * (plan.now().gramsPerKwh() - plan.best().gramsPerKwh()));
        }
        return node;
    }

    private static void print(CarbonWindow.Plan plan, double kwh, String source, PrintStream out) {
        out.printf(Locale.ROOT, "carbon window for %s: %s ending by %s (intensity: %s)%n", plan.zone(),
                CarbonWindow.text(plan.duration()), plan.deadline(), source);
        out.printf(Locale.ROOT, "  start now   %s  %.1f gCO2e/kWh%s%n", plan.now().start(), plan.now().gramsPerKwh(),
                Double.isFinite(kwh) ? ", " + EnergyUnits.mass(kwh * plan.now().gramsPerKwh()) + " CO2e" : "");
        out.printf(Locale.ROOT, "  best start  %s  %.1f gCO2e/kWh%s (wait %s)%n", plan.best().start(),
                plan.best().gramsPerKwh(),
                Double.isFinite(kwh) ? ", " + EnergyUnits.mass(kwh * plan.best().gramsPerKwh()) + " CO2e" : "",
                CarbonWindow.text(plan.waitBeforeStart()));
        out.printf(Locale.ROOT, "  saving      %.1f%% of the emissions of starting now%s%n", plan.savingShare() * 100,
                Double.isFinite(kwh) ? " (" + EnergyUnits.mass(kwh * (plan.now().gramsPerKwh()
                        - plan.best().gramsPerKwh())) + " CO2e)" : "");
    }

    private static Instant instant(String text, String flag) {
        try {
            // OffsetDateTime reads 2026-12-04T06:00Z too; Instant.parse needs the seconds.
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(flag + ": not an ISO-8601 time with an offset, such as 2026-12-04T06:00Z: " + text);
        }
    }

    private static int usage(PrintStream err, String message) {
        err.println("error: " + message);
        err.println(USAGE);
        return 2;
    }
}
