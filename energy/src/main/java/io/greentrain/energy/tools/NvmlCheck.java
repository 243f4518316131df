package io.greentrain.energy.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.greentrain.energy.meter.EnergyReading;
import io.greentrain.energy.meter.GpuAddressResolver;
import io.greentrain.energy.meter.GpuResolution;
import io.greentrain.energy.meter.JnaNvml;
import io.greentrain.energy.meter.MeterUnavailableException;
import io.greentrain.energy.meter.Nvml;
import io.greentrain.energy.meter.NvmlException;
import io.greentrain.energy.meter.NvmlMeter;

/**
 * Checks on a host with NVIDIA GPUs that greentrain's GPU meter reads their energy, with the same
 * classes the Spark plugin uses ({@link JnaNvml}, {@link GpuAddressResolver}, {@link NvmlMeter}):
 * <ol>
 *   <li>lists the devices NVML sees (index, UUID, name, PCI bus, whether it has an energy counter);</li>
 *   <li>maps Spark-style GPU addresses and {@code CUDA_VISIBLE_DEVICES} to devices, as an executor would;</li>
 *   <li>measures a window of several seconds (run a GPU load meanwhile) three ways at once: the
 *       meter as the plugin opens it (energy counter where there is one), the meter's
 *       power-integration path on the same devices (the counter hidden), and the driver's own power
 *       readings from {@code nvidia-smi}, sampled independently and integrated;</li>
 *   <li>polls the counter and the power reading to observe how often each really updates.</li>
 * </ol>
 * Prints one JSON document (to {@code --output} or standard output) and a verdict line on standard
 * error. Exit codes: 0 when the devices were measured (whatever the comparisons say, which the JSON
 * reports), 1 when NVML cannot be loaded or no device is measured, 2 for a usage error.
 */
public final class NvmlCheck {

    static final String USAGE = String.join("\n",
            "usage: nvml-check [--library PATH]... [--spark-addresses LIST] [--cuda-visible-devices LIST]",
            "                  [--window-seconds S] [--probe-seconds S] [--nvidia-smi PATH|none] [--load TEXT]",
            "                  [--output FILE]",
            "  --library               NVML library to load (repeatable; default libnvidia-ml.so.1, libnvidia-ml.so)",
            "  --spark-addresses       GPU addresses as Spark assigns them, e.g. 0,1 (default: every visible device)",
            "  --cuda-visible-devices  the executor's CUDA_VISIBLE_DEVICES (default: this process's; 'unset' for none)",
            "  --window-seconds        length of the measured window (default 10)",
            "  --probe-seconds         how long to poll for the update periods (default 2; 0 to skip)",
            "  --nvidia-smi            the command for the driver's independent power readings (default nvidia-smi)",
            "  --load                  what load ran during the window, recorded as given",
            "  --output                write the JSON here instead of standard output");

    /** The counter and the driver's own power readings should agree within this, in percent. */
    static final double COUNTER_VS_DRIVER_TOLERANCE_PERCENT = 5;
    /** The power-integration path should agree with the counter within this, in percent. */
    static final double INTEGRATION_VS_COUNTER_TOLERANCE_PERCENT = 10;

    private static final int DRIVER_SAMPLE_MILLIS = 100;

    private NvmlCheck() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** What was asked for on the command line. */
    record Options(List<String> libraries, List<String> sparkAddresses, String cudaVisibleDevices,
                   double windowSeconds, double probeSeconds, String nvidiaSmi, String load, Path output) {
    }

    /** Runs the check; returns the exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args, System.getenv("CUDA_VISIBLE_DEVICES"));
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        if (options == null) {
            out.println(USAGE);
            return 0;
        }
        Optional<Nvml> loaded = JnaNvml.load(options.libraries());
        if (loaded.isEmpty()) {
            String reason = "NVML could not be loaded from " + options.libraries()
                    + " (is the NVIDIA driver installed? see the log line above)";
            write(options, out, err, json -> {
                json.writeBooleanField("nvmlLoaded", false);
                json.writeStringField("error", reason);
            });
            err.println("error: " + reason);
            return 1;
        }
        Nvml nvml = loaded.get();
        try {
            return check(nvml, options, out, err);
        } finally {
            try {
                nvml.shutdown();
            } catch (NvmlException e) {
                err.println("warning: NVML shutdown failed: " + e.getMessage());
            }
        }
    }

    static Options parse(String[] args, String environmentCudaVisibleDevices) {
        List<String> libraries = new ArrayList<>();
        Map<String, String> values = new HashMap<>();
        List<String> known = List.of("--library", "--spark-addresses", "--cuda-visible-devices", "--window-seconds",
                "--probe-seconds", "--nvidia-smi", "--load", "--output");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
            if (!known.contains(arg)) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            String value = args[++i];
            if (arg.equals("--library")) {
                libraries.add(value);
            } else {
                values.put(arg, value);
            }
        }
        String cudaVisible = values.getOrDefault("--cuda-visible-devices", environmentCudaVisibleDevices);
        if ("unset".equals(cudaVisible)) {
            cudaVisible = null;
        }
        List<String> addresses = values.containsKey("--spark-addresses")
                ? Arrays.stream(values.get("--spark-addresses").split(",")).map(String::strip)
                        .filter(s -> !s.isEmpty()).toList()
                : null;
        double window = seconds(values, "--window-seconds", 10, 0.1);
        double probe = seconds(values, "--probe-seconds", 2, 0);
        Path output = values.containsKey("--output") ? Path.of(values.get("--output")) : null;
        return new Options(libraries.isEmpty() ? List.of("libnvidia-ml.so.1", "libnvidia-ml.so") : List.copyOf(libraries),
                addresses, cudaVisible, window, probe, values.getOrDefault("--nvidia-smi", "nvidia-smi"),
                values.get("--load"), output);
    }

    private static double seconds(Map<String, String> values, String key, double fallback, double minimum) {
        String text = values.get(key);
        if (text == null) {
            return fallback;
        }
        double seconds;
        try {
            seconds = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number of seconds, got '" + text + "'");
        }
        if (!(seconds >= minimum) || seconds > 3600) {
            throw new IllegalArgumentException(key + " must be between " + minimum + " and 3600, got '" + text + "'");
        }
        return seconds;
    }

    private static int check(Nvml nvml, Options options, PrintStream out, PrintStream err) {
        int count = nvml.deviceCount();
        List<Device> devices = IntStream.range(0, count).mapToObj(index -> Device.of(nvml, index)).toList();
        List<String> addresses = options.sparkAddresses() != null ? options.sparkAddresses()
                : defaultAddresses(count, options.cudaVisibleDevices());
        GpuResolution resolution = GpuAddressResolver.forDevicesOf(nvml).resolve(addresses, options.cudaVisibleDevices());
        List<Integer> indices = resolution.nvmlIndices();
        if (indices.isEmpty()) {
            String reason = "no GPU to measure: the addresses " + addresses + " resolve to no NVML device "
                    + resolution.problems();
            write(options, out, err, json -> {
                writeHeader(json, nvml, devices, addresses, options, resolution);
                json.writeStringField("error", reason);
            });
            err.println("error: " + reason);
            return 1;
        }
        Window window;
        try {
            window = measure(nvml, indices, options);
        } catch (MeterUnavailableException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        List<UpdateProbe.DevicePeriods> periods = options.probeSeconds() > 0
                ? UpdateProbe.probe(nvml, indices, Math.round(options.probeSeconds() * 1000)) : null;
        List<Measurement> measurements = new ArrayList<>();
        for (int i = 0; i < indices.size(); i++) {
            measurements.add(Measurement.of(devices.get(indices.get(i)), window, periods == null ? null : periods.get(i)));
        }
        write(options, out, err, json -> {
            writeHeader(json, nvml, devices, addresses, options, resolution);
            writeWindow(json, window, options);
            json.writeArrayFieldStart("measurements");
            for (Measurement measurement : measurements) {
                measurement.write(json);
            }
            json.writeEndArray();
            json.writeObjectFieldStart("checks");
            json.writeNumberField("counterVsDriverPowerTolerancePercent", COUNTER_VS_DRIVER_TOLERANCE_PERCENT);
            json.writeNumberField("integrationVsCounterTolerancePercent", INTEGRATION_VS_COUNTER_TOLERANCE_PERCENT);
            writeVerdict(json, "counterWithinToleranceOfDriverPower",
                    measurements.stream().map(Measurement::counterVsDriverOk).toList());
            writeVerdict(json, "integrationWithinToleranceOfCounter",
                    measurements.stream().map(Measurement::integrationVsCounterOk).toList());
            json.writeEndObject();
        });
        for (Measurement measurement : measurements) {
            err.println(measurement.verdict());
        }
        return 0;
    }

    /** Spark's addresses when none are given: every device the executor could see. */
    private static List<String> defaultAddresses(int deviceCount, String cudaVisibleDevices) {
        int visible = cudaVisibleDevices == null ? deviceCount
                : (int) Arrays.stream(cudaVisibleDevices.split(",")).filter(s -> !s.isBlank()).count();
        return IntStream.range(0, visible).mapToObj(Integer::toString).toList();
    }

    /** The three measurements of one window, as the readings at its start and end. */
    private record Window(long startEpochMillis, long endEpochMillis, List<EnergyReading> meterStart,
                         List<EnergyReading> meterEnd, List<EnergyReading> integratedStart,
                         List<EnergyReading> integratedEnd, DriverPowerLog driver) {
    }

    private static Window measure(Nvml nvml, List<Integer> indices, Options options) throws MeterUnavailableException {
        try (NvmlMeter meter = NvmlMeter.open(nvml, indices);
             NvmlMeter integrating = NvmlMeter.open(new PowerOnlyNvml(nvml), indices);
             DriverPowerLog driver = DriverPowerLog.start(options.nvidiaSmi(), DRIVER_SAMPLE_MILLIS)) {
            // nvidia-smi needs a moment to print its first line; the window starts after it.
            sleepMillis(1_000);
            long start = System.currentTimeMillis();
            List<EnergyReading> meterStart = meter.read();
            List<EnergyReading> integratedStart = integrating.read();
            sleepMillis(Math.round(options.windowSeconds() * 1000));
            List<EnergyReading> meterEnd = meter.read();
            List<EnergyReading> integratedEnd = integrating.read();
            long end = System.currentTimeMillis();
            // Readings stamped up to a sampling interval later still arrive through the pipe.
            sleepMillis(2L * DRIVER_SAMPLE_MILLIS + 300);
            return new Window(start, end, meterStart, meterEnd, integratedStart, integratedEnd, driver);
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the measurement window", e);
        }
    }

    /** One NVML device as listed. */
    private record Device(int index, String uuid, String name, String pciBusId, boolean energyCounter,
                          Long powerMilliwatts) {

        static Device of(Nvml nvml, int index) {
            String pciBusId;
            try {
                pciBusId = nvml.pciBusId(index);
            } catch (NvmlException e) {
                pciBusId = "unknown";
            }
            OptionalLong counter = nvml.totalEnergyMillijoules(index);
            Long power;
            try {
                power = nvml.powerMilliwatts(index);
            } catch (NvmlException e) {
                power = null;
            }
            return new Device(index, nvml.uuid(index), nvml.name(index), pciBusId, counter.isPresent(), power);
        }

        String domain() {
            return NvmlMeter.domainOf(uuid);
        }
    }

    /** What one device's window gave, three ways. */
    private record Measurement(Device device, double seconds, EnergyReading meterEnd, Double meterJoules,
                               Double integratedJoules, Optional<DriverPowerLog.WindowSummary> driver,
                               String driverUnavailable, UpdateProbe.DevicePeriods periods) {

        static Measurement of(Device device, Window window, UpdateProbe.DevicePeriods periods) {
            Optional<EnergyReading> meterStart = reading(window.meterStart(), device);
            Optional<EnergyReading> meterEnd = reading(window.meterEnd(), device);
            Double meterJoules = meterStart.isPresent() && meterEnd.isPresent()
                    ? meterEnd.get().joules() - meterStart.get().joules() : null;
            Double integratedJoules = difference(window.integratedStart(), window.integratedEnd(), device);
            Optional<DriverPowerLog.WindowSummary> driver = window.driver()
                    .summarize(device.index(), window.startEpochMillis(), window.endEpochMillis());
            String unavailable = driver.isPresent() ? null : window.driver().unavailableReason()
                    .orElse("no nvidia-smi reading of device " + device.index() + " inside the window");
            double seconds = (window.endEpochMillis() - window.startEpochMillis()) / 1e3;
            return new Measurement(device, seconds, meterEnd.orElse(null), meterJoules, integratedJoules, driver,
                    unavailable, periods);
        }

        private static Optional<EnergyReading> reading(List<EnergyReading> readings, Device device) {
            return readings.stream().filter(reading -> reading.domain().equals(device.domain())).findFirst();
        }

        private static Double difference(List<EnergyReading> start, List<EnergyReading> end, Device device) {
            Optional<EnergyReading> a = reading(start, device);
            Optional<EnergyReading> b = reading(end, device);
            return a.isPresent() && b.isPresent() ? b.get().joules() - a.get().joules() : null;
        }

        Double counterVsDriverPercent() {
            return driver.isPresent() && meterJoules != null && device.energyCounter()
                    ? percent(meterJoules, driver.get().joules()) : null;
        }

        Double integrationVsCounterPercent() {
            return meterJoules != null && integratedJoules != null && device.energyCounter()
                    ? percent(integratedJoules, meterJoules) : null;
        }

        Boolean counterVsDriverOk() {
            Double percent = counterVsDriverPercent();
            return percent == null ? null : Math.abs(percent) <= COUNTER_VS_DRIVER_TOLERANCE_PERCENT;
        }

        Boolean integrationVsCounterOk() {
            Double percent = integrationVsCounterPercent();
            return percent == null ? null : Math.abs(percent) <= INTEGRATION_VS_COUNTER_TOLERANCE_PERCENT;
        }

        private static double percent(double value, double reference) {
            return reference == 0 ? (value == 0 ? 0 : Double.POSITIVE_INFINITY) : (value - reference) / reference * 100;
        }

        String verdict() {
            StringBuilder line = new StringBuilder("GPU ").append(device.index()).append(" (").append(device.name())
                    .append("): ");
            line.append(meterJoules == null ? "meter gave no reading" : String.format("meter %.1f J (%s)", meterJoules,
                    meterEnd.method().name().toLowerCase()));
            if (integratedJoules != null) {
                line.append(String.format(", power integration %.1f J", integratedJoules));
            }
            line.append(driver.map(d -> String.format(", nvidia-smi %.1f J", d.joules()))
                    .orElse(", nvidia-smi: " + driverUnavailable));
            line.append(String.format(" over %.1f s", seconds));
            if (counterVsDriverPercent() != null) {
                line.append(String.format("; counter vs nvidia-smi %+.2f%%", counterVsDriverPercent()));
            }
            if (integrationVsCounterPercent() != null) {
                line.append(String.format("; integration vs counter %+.2f%%", integrationVsCounterPercent()));
            }
            return line.toString();
        }

        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeNumberField("index", device.index());
            json.writeStringField("uuid", device.uuid());
            json.writeStringField("name", device.name());
            json.writeStringField("domain", device.domain());
            json.writeNumberField("windowSeconds", seconds);
            if (meterEnd != null) {
                json.writeStringField("meterMethod", meterEnd.method().name().toLowerCase());
                json.writeStringField("meterProvenance", meterEnd.provenance());
            }
            nullableNumber(json, "meterJoules", meterJoules);
            nullableNumber(json, "counterJoules", device.energyCounter() ? meterJoules : null);
            nullableNumber(json, "integratedJoules", integratedJoules);
            nullableNumber(json, "meanPowerWatts", meterJoules == null ? null : meterJoules / seconds);
            json.writeObjectFieldStart("driverPower");
            json.writeStringField("source", "nvidia-smi --query-gpu=timestamp,index,power.draw -lms "
                    + DRIVER_SAMPLE_MILLIS);
            if (driver.isPresent()) {
                DriverPowerLog.WindowSummary summary = driver.get();
                json.writeBooleanField("available", true);
                json.writeNumberField("samples", summary.samples());
                json.writeNumberField("meanWatts", summary.meanWatts());
                json.writeNumberField("joules", summary.joules());
                nullableNumber(json, "medianIntervalMs", summary.medianIntervalMs());
            } else {
                json.writeBooleanField("available", false);
                json.writeStringField("reason", driverUnavailable);
            }
            json.writeEndObject();
            nullableNumber(json, "counterVsDriverPowerPercent", counterVsDriverPercent());
            nullableNumber(json, "integrationVsCounterPercent", integrationVsCounterPercent());
            if (periods != null) {
                json.writeObjectFieldStart("updatePeriodsMs");
                if (periods.energyCounter() != null) {
                    writePeriods(json, "energyCounter", periods.energyCounter());
                }
                writePeriods(json, "power", periods.power());
                json.writeEndObject();
            }
            json.writeEndObject();
        }

        private static void writePeriods(JsonGenerator json, String field, UpdateProbe.Periods periods)
                throws IOException {
            json.writeObjectFieldStart(field);
            json.writeNumberField("changes", periods.changes());
            nullableNumber(json, "median", periods.medianMs());
            nullableNumber(json, "min", periods.minMs());
            nullableNumber(json, "max", periods.maxMs());
            json.writeEndObject();
        }
    }

    private static void writeHeader(JsonGenerator json, Nvml nvml, List<Device> devices, List<String> addresses,
                                    Options options, GpuResolution resolution) throws IOException {
        json.writeBooleanField("nvmlLoaded", true);
        nullableString(json, "driverVersion", nvml.driverVersion().orElse(null));
        json.writeArrayFieldStart("devices");
        for (Device device : devices) {
            json.writeStartObject();
            json.writeNumberField("index", device.index());
            json.writeStringField("uuid", device.uuid());
            json.writeStringField("name", device.name());
            json.writeStringField("pciBusId", device.pciBusId());
            json.writeBooleanField("energyCounter", device.energyCounter());
            nullableNumber(json, "powerWatts", device.powerMilliwatts() == null ? null : device.powerMilliwatts() / 1e3);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectFieldStart("addressMapping");
        json.writeArrayFieldStart("sparkAddresses");
        for (String address : addresses) {
            json.writeString(address);
        }
        json.writeEndArray();
        nullableString(json, "cudaVisibleDevices", options.cudaVisibleDevices());
        json.writeArrayFieldStart("nvmlIndices");
        for (int index : resolution.nvmlIndices()) {
            json.writeNumber(index);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("problems");
        for (String problem : resolution.problems()) {
            json.writeString(problem);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeWindow(JsonGenerator json, Window window, Options options) throws IOException {
        json.writeObjectFieldStart("window");
        json.writeStringField("start", Instant.ofEpochMilli(window.startEpochMillis()).toString());
        json.writeStringField("end", Instant.ofEpochMilli(window.endEpochMillis()).toString());
        json.writeNumberField("seconds", (window.endEpochMillis() - window.startEpochMillis()) / 1e3);
        nullableString(json, "load", options.load());
        json.writeNumberField("driverLinesUnreadable", window.driver().unreadableLines());
        json.writeEndObject();
    }

    private static void writeVerdict(JsonGenerator json, String field, List<Boolean> perDevice) throws IOException {
        List<Boolean> judged = perDevice.stream().filter(b -> b != null).toList();
        if (judged.isEmpty()) {
            json.writeNullField(field);
        } else {
            json.writeBooleanField(field, judged.stream().allMatch(b -> b));
        }
    }

    private static void nullableNumber(JsonGenerator json, String field, Double value) throws IOException {
        if (value == null || value.isNaN() || value.isInfinite()) {
            json.writeNullField(field);
        } else {
            json.writeNumberField(field, value);
        }
    }

    private static void nullableString(JsonGenerator json, String field, String value) throws IOException {
        if (value == null) {
            json.writeNullField(field);
        } else {
            json.writeStringField(field, value);
        }
    }

    /** The body of the document, after the fields every document has. */
    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static void write(Options options, PrintStream out, PrintStream err, Body body) {
        try (OutputStream stream = options.output() == null ? nonClosing(out) : Files.newOutputStream(options.output());
             JsonGenerator json = new JsonFactory().createGenerator(stream, JsonEncoding.UTF8)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("check", "greentrain nvml-check");
            json.writeNumberField("formatVersion", 1);
            json.writeStringField("host", hostName());
            json.writeStringField("at", Instant.now().toString());
            body.write(json);
            json.writeEndObject();
            json.flush();
            if (options.output() == null) {
                stream.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the check's JSON" + (options.output() == null ? ""
                    : " to " + options.output()), e);
        }
        if (options.output() != null) {
            err.println("wrote " + options.output());
        }
    }

    private static OutputStream nonClosing(PrintStream stream) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                stream.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                stream.write(bytes, offset, length);
            }

            @Override
            public void flush() {
                stream.flush();
            }
        };
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
