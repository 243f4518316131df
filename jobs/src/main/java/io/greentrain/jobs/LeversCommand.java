package io.greentrain.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import io.greentrain.energy.api.EnergyUnits;
import io.greentrain.formats.JsonFiles;
import io.greentrain.jobs.config.JobConfig;
import io.greentrain.training.levers.ParetoFront;
import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * {@code greentrain levers --config CONF --grid GRID --output DIR}: trains the prepared data of a run
 * folder (a finished {@code convert}) under each setting of a grid, one after another in one Spark
 * application, and compares them on energy-to-accuracy: per setting the validation accuracy of its
 * kept model, the time, energy and gCO2e to the target ({@code greentrain.train.target}) and in all,
 * parameters and training FLOPs; the Pareto front of energy against accuracy is marked and the
 * cheapest setting that reaches the target recommended. Writes {@code DIR/levers/summary.json},
 * {@code DIR/levers/table.md} and each setting's model under {@code DIR/levers/NAME/model}.
 *
 * <p>The grid is a HOCON file: {@code levers = [ { name = default }, { name = adamw-cosine, set {
 * greentrain.model.optimizer = adamw, greentrain.model.lr-schedule = cosine } }, ... ]}; each
 * {@code set} overrides keys of the job configuration (after {@code --config} and {@code --set}).
 * Each setting's epochs run as the phases {@code train/epoch-N}, as any training does, so the ledger
 * adds the settings' energy up per epoch number; the comparison takes each setting's own share.
 */
final class LeversCommand {

    static final String USAGE = String.join("\n",
            "usage: greentrain levers --config PATH --grid GRID --output DIR [--set KEY=VALUE]...",
            "  DIR holds a finished convert (run pipeline or clean + convert first); GRID lists the settings:",
            "  levers = [ { name = default }, { name = adamw, set { greentrain.model.optimizer = adamw } } ]");

    /** One setting of the grid: its name and its overrides as {@code key=value} HOCON strings. */
    record Setting(String name, List<String> overrides) {
    }

    private LeversCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>();
        String grid = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--grid") && i + 1 < args.length) {
                grid = args[++i];
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                out.println(USAGE);
                return JobRunner.OK;
            } else {
                rest.add(args[i]);
            }
        }
        JobArguments arguments;
        List<Setting> settings;
        List<JobConfig> configs = new ArrayList<>();
        try {
            arguments = JobArguments.parse(rest.toArray(new String[0]));
            if (grid == null) {
                throw new UsageException("levers needs --grid GRID");
            }
            settings = readGrid(grid);
            for (Setting setting : settings) {
                List<String> overrides = new ArrayList<>(arguments.allOverrides());
                overrides.addAll(setting.overrides());
                JobConfig config;
                try {
                    config = JobConfig.load(arguments.configPath().orElse(null), overrides, new Configuration());
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("--grid " + grid + ", setting " + setting.name() + ": "
                            + e.getMessage());
                }
                new TrainStep().validate(config);
                configs.add(config);
            }
        } catch (UsageException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return JobRunner.BAD_USAGE;
        } catch (IllegalArgumentException | io.greentrain.jobs.config.ConfigException e) {
            err.println("error: " + e.getMessage());
            return JobRunner.BAD_USAGE;
        }
        RunLayout layout = new RunLayout(configs.get(0).outputDir());
        try {
            JobRunner.checkEnergyConfiguration(layout);
            SparkSession spark = JobRunner.session("greentrain levers", layout);
            ObjectNode summary = compare(spark, layout, settings, configs, new Progress(out));
            out.print(table(summary));
            return JobRunner.OK;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return JobRunner.BAD_USAGE;
        }
    }

    /** Trains every setting and writes the comparison; returns {@code levers/summary.json}'s content. */
    static ObjectNode compare(SparkSession spark, RunLayout layout, List<Setting> settings, List<JobConfig> configs,
                              Progress progress) {
        ObjectNode summary = JsonFiles.newObject();
        ArrayNode rows = summary.putArray("settings");
        for (int i = 0; i < settings.size(); i++) {
            Setting setting = settings.get(i);
            JobConfig config = configs.get(i);
            progress.report("levers", "setting %d/%d: %s %s", i + 1, settings.size(), setting.name(),
                    setting.overrides());
            JobContext ctx = new JobContext(spark, config, layout, progress);
            RunLayout own = new RunLayout(layout.outputDir() + "/levers/" + setting.name());
            ObjectNode trained = new TrainStep().run(ctx, own, null);
            rows.add(row(setting, trained));
        }
        markFrontAndRecommendation(summary, configs.get(0));
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        JsonFiles.write(summary, layout.outputDir() + "/levers/summary.json", conf);
        JsonFiles.writeText(table(summary), layout.outputDir() + "/levers/table.md", conf);
        return summary;
    }

    /** One row of the comparison from the train step's {@code train} and {@code validation} sections. */
    static ObjectNode row(Setting setting, JsonNode trained) {
        JsonNode train = trained.path("train");
        ObjectNode row = JsonFiles.newObject();
        row.put("name", setting.name());
        setting.overrides().forEach(row.putArray("overrides")::add);
        row.set("validation", trained.path("validation"));
        row.put("epochsRun", train.path("epochsRun").asInt());
        row.put("keptEpoch", train.path("keptEpoch").asInt());
        row.put("stop", train.path("stop").path("reason").asText());
        row.set("target", train.path("target"));
        double joules = 0;
        double grams = 0;
        for (JsonNode epoch : train.path("history")) {
            joules += epoch.path("joules").asDouble(Double.NaN);
            grams += epoch.path("gco2e").asDouble(Double.NaN);
        }
        row.put("seconds", train.path("seconds").asDouble());
        putFinite(row, "joules", joules);
        putFinite(row, "kwh", joules / EnergyUnits.JOULES_PER_KWH);
        putFinite(row, "gco2e", grams);
        row.put("energyEstimated", train.path("energyEstimated").asBoolean());
        long parameters = train.path("parameters").asLong();
        row.put("parameters", parameters);
        row.put("examplesTrained", train.path("examplesTrained").asLong());
        // Dense layers: about 2 FLOPs per parameter forward and 4 backward, per example.
        row.put("trainingFlops", 6.0 * parameters * train.path("examplesTrained").asLong());
        return row;
    }

    /**
     * Marks each row {@code paretoFront} (energy against validation accuracy: R², or minus the RMSE or
     * MAE when the target names one of those) and names the cheapest row whose kept model reaches
     * the target as {@code recommended}.
     */
    static void markFrontAndRecommendation(ObjectNode summary, JobConfig config) {
        io.greentrain.training.stop.Target target = config.target();
        String metric = target == null ? "r2" : target.metric();
        boolean higherIsBetter = target == null || target.atLeast();
        summary.put("accuracyMetric", metric);
        List<ParetoFront.Point> points = new ArrayList<>();
        ArrayNode rows = (ArrayNode) summary.path("settings");
        for (JsonNode row : rows) {
            double value = row.path("validation").path(metric).asDouble(Double.NaN);
            points.add(new ParetoFront.Point(row.path("name").asText(), row.path("joules").asDouble(Double.NaN),
                    higherIsBetter ? value : -value));
        }
        List<Boolean> front = ParetoFront.onFront(points);
        for (int i = 0; i < rows.size(); i++) {
            ((ObjectNode) rows.get(i)).put("paretoFront", front.get(i));
        }
        if (target != null) {
            summary.put("target", target.toString());
            double goal = higherIsBetter ? target.threshold() : -target.threshold();
            Optional<ParetoFront.Point> cheapest = ParetoFront.cheapestReaching(points, goal);
            if (cheapest.isPresent()) {
                summary.put("recommended", cheapest.get().name());
            } else {
                summary.putNull("recommended");
            }
        }
    }

    /** The comparison as a Markdown table, one row per setting. */
    static String table(JsonNode summary) {
        String metric = summary.path("accuracyMetric").asText("r2");
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "| setting | validation %s | epochs run | time to target | energy to target "
                + "| time | energy | CO2e | parameters | training FLOPs | Pareto |%n", metric));
        text.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode row : summary.path("settings")) {
            JsonNode target = row.path("target");
            boolean reached = target.path("reached").asBoolean(false);
            text.append(String.format(Locale.ROOT, "| %s%s | %.4g | %d | %s | %s | %.1f s | %s | %s | %,d | %.3g | %s |%n",
                    row.path("name").asText(),
                    row.path("name").asText().equals(summary.path("recommended").asText(null)) ? " (recommended)" : "",
                    row.path("validation").path(metric).asDouble(Double.NaN), row.path("epochsRun").asInt(),
                    reached ? String.format(Locale.ROOT, "%.1f s", target.path("seconds").asDouble()) : "not reached",
                    reached && target.path("joules").isNumber() ? EnergyUnits.energy(target.path("joules").asDouble())
                            : "\u2013",
                    row.path("seconds").asDouble(), row.path("joules").isNumber()
                            ? EnergyUnits.energy(row.path("joules").asDouble()) : "\u2013",
                    row.path("gco2e").isNumber() ? EnergyUnits.mass(row.path("gco2e").asDouble()) : "\u2013",
                    row.path("parameters").asLong(), row.path("trainingFlops").asDouble(),
                    row.path("paretoFront").asBoolean() ? "yes" : ""));
        }
        if (summary.path("settings").size() > 0 && summary.path("settings").get(0).path("energyEstimated").asBoolean()) {
            text.append("\nEnergy is estimated from CPU time on this machine (no meter was readable).\n");
        }
        return text.toString();
    }

    /**
     * The settings of a grid file.
     *
     * @throws IllegalArgumentException one line naming the file and what is wrong
     */
    static List<Setting> readGrid(String path) {
        File file = new File(path);
        if (!file.isFile()) {
            throw new IllegalArgumentException("--grid: no such file " + path);
        }
        Config grid;
        try {
            grid = ConfigFactory.parseFile(file).resolve();
        } catch (ConfigException e) {
            throw new IllegalArgumentException("--grid " + path + ": " + e.getMessage());
        }
        if (!grid.hasPath("levers")) {
            throw new IllegalArgumentException("--grid " + path + ": no 'levers' list of settings");
        }
        List<Setting> settings = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<? extends Config> entries;
        try {
            entries = grid.getConfigList("levers");
        } catch (ConfigException e) {
            throw new IllegalArgumentException("--grid " + path + ": 'levers' must be a list of objects: " + e.getMessage());
        }
        for (int i = 0; i < entries.size(); i++) {
            Config entry = entries.get(i);
            if (!entry.hasPath("name") || !entry.getString("name").matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException("--grid " + path + ": levers[" + i + "] needs a name of letters, "
                        + "digits, '.', '_' or '-'");
            }
            String name = entry.getString("name");
            if (!names.add(name)) {
                throw new IllegalArgumentException("--grid " + path + ": the setting name '" + name + "' is used twice");
            }
            List<String> overrides = new ArrayList<>();
            if (entry.hasPath("set")) {
                for (Map.Entry<String, ConfigValue> key : entry.getConfig("set").entrySet()) {
                    overrides.add(key.getKey() + "=" + key.getValue().render(ConfigRenderOptions.concise()));
                }
            }
            overrides.sort(String::compareTo);
            settings.add(new Setting(name, List.copyOf(overrides)));
        }
        if (settings.isEmpty()) {
            throw new IllegalArgumentException("--grid " + path + ": 'levers' lists no settings");
        }
        return settings;
    }

    private static void putFinite(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, value);
        } else {
            node.putNull(field);
        }
    }
}
