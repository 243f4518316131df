package io.greentrain.energy.report;

import io.greentrain.energy.api.EnergyUnits;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code emissions.csv} in the format of CodeCarbon 3.3 ({@code codecarbon.output_methods.emissions_data.EmissionsData}:
 * 38 columns, the 32 of v2.7.0 to v3.0.7 with {@code water_consumed}, the utilisation columns, {@code ram_used_gb}
 * and {@code wue} added), so that CodeCarbon's dashboard ({@code carbonboard}) and anything else that reads its files
 * can read ours.
 *
 * <p><b>One row per run.</b> The dashboard treats each row as one experiment run: its "last run"
 * panel shows the latest row, and project totals add rows up. A row per executor would make "last
 * run" show one executor's share; per-executor figures are in {@code by_executor/} and the HTML
 * report instead.
 *
 * <p>Units and meanings, as CodeCarbon's:
 * <ul>
 *   <li>{@code timestamp}: the run's last window end, {@code yyyy-MM-ddTHH:mm:ss}, in UTC (CodeCarbon
 *       writes local time).</li>
 *   <li>{@code duration}, s: per Spark application of the run, last window end minus first window
 *       start, added up.</li>
 *   <li>{@code emissions}, kg CO2e: location-based, operational only (no embodied emissions), as in
 *       CodeCarbon; {@code emissions_rate}: kg/s.</li>
 *   <li>{@code cpu_energy}, {@code gpu_energy}, {@code ram_energy}, {@code energy_consumed}, kWh: times
 *       PUE, as CodeCarbon multiplies every energy delta by its PUE. {@code energy_consumed} also
 *       holds devices outside the three classes, should a ledger have any.</li>
 *   <li>{@code cpu_power}, {@code gpu_power}, {@code ram_power}, W: mean IT power (before PUE) over
 *       {@code duration}, where CodeCarbon reports the last measured power.</li>
 *   <li>Devices are classed by {@link io.greentrain.energy.api.DeviceClass}: {@code cpu-package},
 *       {@code cpu-estimated} are cpu; {@code dram}, {@code memory-estimated} are ram; {@code gpu-*} are gpu.</li>
 *   <li>{@code tracking_mode}: {@code process} when any CPU or memory energy of the run is a
 *       per-process estimate ({@link io.greentrain.energy.api.DeviceClass#PROCESS_ESTIMATE_DEVICES}); {@code machine} when
 *       it all comes from whole-host counters (RAPL package and DRAM, shared out to executors).</li>
 *   <li>{@code gpu_count}: distinct GPUs metered. {@code pue}: the run's PUE, or the energy-weighted mean
 *       when its entries applied several.</li>
 *   <li>{@code country_iso_code} (ISO 3166-1 alpha-3) and {@code country_name}: only when every grid
 *       zone of the run lies in one country ({@code DE}, {@code US-CAL-CISO}: the zone's first part
 *       is an ISO 3166-1 alpha-2 code).</li>
 *   <li>{@code experiment_id}: {@link io.greentrain.energy.EnergyConf#REPORT_EXPERIMENT_ID}, empty when not set.
 *       {@code wue}, L/kWh: {@link io.greentrain.energy.EnergyConf#REPORT_WUE}, 0 when not known;
 *       {@code water_consumed}, L: {@code energy_consumed} (with PUE) x {@code wue}.</li>
 *   <li>Empty: what a ledger does not record ({@code region}, cloud, {@code os}, {@code python_version},
 *       {@code codecarbon_version}, CPU count and model, GPU model, coordinates, RAM size, utilisation
 *       percentages, {@code ram_used_gb}, {@code on_cloud}).</li>
 * </ul>
 */
final class CodeCarbonCsv {

    /** CodeCarbon 3.3's columns, in its order. */
    static final List<String> COLUMNS = List.of("timestamp", "project_name", "run_id", "experiment_id", "duration",
            "emissions", "emissions_rate", "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy",
            "ram_energy", "energy_consumed", "water_consumed", "country_name", "country_iso_code", "region",
            "cloud_provider", "cloud_region", "os", "python_version", "codecarbon_version", "cpu_count", "cpu_model",
            "gpu_count", "gpu_model", "longitude", "latitude", "ram_total_size", "tracking_mode",
            "cpu_utilization_percent", "gpu_utilization_percent", "ram_utilization_percent", "ram_used_gb",
            "on_cloud", "pue", "wue");

    /**
     * What the report's configuration adds to every row.
     *
     * @param experimentId the {@code experiment_id}, empty for none
     * @param wue          water usage effectiveness, L/kWh, 0 when not known
     */
    record Settings(String experimentId, double wue) {
        /** Nothing configured: no experiment id, WUE 0. */
        static final Settings NONE = new Settings("", 0);
    }

    static final String PROJECT_NAME = "greentrain";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());

    private CodeCarbonCsv() {
    }

    /** {@link #render(List, Settings)} with nothing configured. */
    static String render(List<RunSummary> runs) {
        return render(runs, Settings.NONE);
    }

    /** The file: header, then one line per run, {@code \n}-terminated. */
    static String render(List<RunSummary> runs, Settings settings) {
        StringBuilder csv = new StringBuilder(String.join(",", COLUMNS)).append('\n');
        for (RunSummary run : runs) {
            List<String> values = new ArrayList<>(row(run, settings).values());
            csv.append(String.join(",", values.stream().map(CodeCarbonCsv::quote).toList())).append('\n');
        }
        return csv.toString();
    }

    /** {@link #row(RunSummary, Settings)} with nothing configured. */
    static Map<String, String> row(RunSummary run) {
        return row(run, Settings.NONE);
    }

    /** The run's values by column, empty where a ledger does not tell. */
    static Map<String, String> row(RunSummary run, Settings settings) {
        double duration = run.durationSeconds();
        Map<String, String> row = new LinkedHashMap<>();
        COLUMNS.forEach(column -> row.put(column, ""));
        row.put("timestamp", Double.isFinite(run.lastEndSeconds())
                ? TIMESTAMP.format(Instant.ofEpochMilli(Math.round(run.lastEndSeconds() * 1000))) : "");
        row.put("project_name", PROJECT_NAME);
        row.put("run_id", run.runId());
        row.put("experiment_id", settings.experimentId());
        row.put("duration", decimal(duration));
        row.put("emissions", decimal(run.locationKg()));
        row.put("emissions_rate", duration > 0 ? decimal(run.locationKg() / duration) : "");
        row.put("cpu_power", duration > 0 ? decimal(run.cpuJoules() / duration) : "");
        row.put("gpu_power", duration > 0 ? decimal(run.gpuJoules() / duration) : "");
        row.put("ram_power", duration > 0 ? decimal(run.ramJoules() / duration) : "");
        row.put("cpu_energy", decimal(run.cpuFacilityJoules() / EnergyUnits.JOULES_PER_KWH));
        row.put("gpu_energy", decimal(run.gpuFacilityJoules() / EnergyUnits.JOULES_PER_KWH));
        row.put("ram_energy", decimal(run.ramFacilityJoules() / EnergyUnits.JOULES_PER_KWH));
        row.put("energy_consumed", decimal(run.facilityKwh()));
        row.put("water_consumed", decimal(run.facilityKwh() * settings.wue()));
        String country = country(run.zones());
        if (country != null) {
            Locale locale = new Locale("", country);
            row.put("country_name", locale.getDisplayCountry(Locale.ENGLISH));
            row.put("country_iso_code", locale.getISO3Country());
        }
        row.put("gpu_count", Integer.toString(run.gpus().size()));
        row.put("tracking_mode", run.processEstimate() ? "process" : "machine");
        row.put("pue", decimal(run.pues().size() == 1 ? run.pues().get(0) : run.meanPue()));
        row.put("wue", decimal(settings.wue()));
        return row;
    }

    /** The ISO 3166-1 alpha-2 country all {@code zones} lie in, or null when none or several. */
    static String country(List<String> zones) {
        String country = null;
        for (String zone : zones) {
            String prefix = zone.split("-", 2)[0].toUpperCase(Locale.ROOT);
            if (!ISO_COUNTRIES.contains(prefix) || (country != null && !country.equals(prefix))) {
                return null;
            }
            country = prefix;
        }
        return country;
    }

    /** Plain decimal notation, as many digits as the double needs; empty when not a number. */
    private static String decimal(double value) {
        if (!Double.isFinite(value)) {
            return "";
        }
        if (value == 0) {
            return "0.0";
        }
        String plain = BigDecimal.valueOf(value).toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }

    /** RFC 4180: quoted when the value holds a comma, a quote or a line break. */
    private static String quote(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
