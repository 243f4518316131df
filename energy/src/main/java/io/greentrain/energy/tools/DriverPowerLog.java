package io.greentrain.energy.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The NVIDIA driver's own power readings, taken independently of NVML's library binding by running
 * {@code nvidia-smi --query-gpu=timestamp,index,power.draw --format=csv,noheader,nounits -lms 100}
 * for as long as the log is open. A second opinion on the energy counter: the driver's power,
 * integrated over a window, should agree with the counter's difference over the same window.
 *
 * <p>Samples are placed in time by the timestamp {@code nvidia-smi} prints (local time), not by
 * when their line arrives: a pipe buffers its output, so lines arrive in bursts. A line whose
 * timestamp cannot be parsed is placed at its arrival.
 *
 * <p>Thread-safe: one daemon thread reads the command's output; {@link #summarize} may be called
 * from any thread.
 */
final class DriverPowerLog implements AutoCloseable {

    private static final DateTimeFormatter SMI_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss.SSS");

    /** One power reading of one device. */
    record Sample(long epochMillis, int nvmlIndex, double watts) {
    }

    /**
     * The driver's power of one device over a window.
     *
     * @param samples          readings inside the window
     * @param meanWatts        the time-weighted mean power over the window
     * @param joules           the power integrated over the window by the trapezoidal rule, the
     *                         readings held flat to the window's edges
     * @param medianIntervalMs the median time between readings, as {@code nvidia-smi} stamped them
     */
    record WindowSummary(int samples, double meanWatts, double joules, double medianIntervalMs) {
    }

    private final Process process;
    private final Thread reader;
    private final String unavailableReason;
    private final List<Sample> samples = new ArrayList<>();
    private final StringBuilder otherOutput = new StringBuilder();
    private int unreadable;

    private DriverPowerLog(Process process, String unavailableReason) {
        this.process = process;
        this.unavailableReason = unavailableReason;
        this.reader = process == null ? null : new Thread(this::readLines, "greentrain-nvidia-smi-reader");
        if (reader != null) {
            reader.setDaemon(true);
            reader.start();
        }
    }

    /**
     * Starts {@code nvidiaSmi} sampling every {@code intervalMillis}; a log that says why it has no
     * samples when the command is {@code none} or cannot be started. Never throws.
     */
    static DriverPowerLog start(String nvidiaSmi, int intervalMillis) {
        if (nvidiaSmi.equals("none")) {
            return new DriverPowerLog(null, "not asked for (--nvidia-smi none)");
        }
        ProcessBuilder builder = new ProcessBuilder(nvidiaSmi, "--query-gpu=timestamp,index,power.draw",
                "--format=csv,noheader,nounits", "-lms", Integer.toString(intervalMillis)).redirectErrorStream(true);
        try {
            return new DriverPowerLog(builder.start(), null);
        } catch (IOException e) {
            return new DriverPowerLog(null, nvidiaSmi + " could not be started: " + e.getMessage());
        }
    }

    /** Why there are no driver readings at all: the command is missing, or printed none. */
    synchronized Optional<String> unavailableReason() {
        if (unavailableReason != null) {
            return Optional.of(unavailableReason);
        }
        if (samples.isEmpty()) {
            String said = otherOutput.toString().strip();
            return Optional.of("nvidia-smi printed no power reading" + (said.isEmpty() ? "" : ": " + said));
        }
        return Optional.empty();
    }

    /** Lines that were neither a reading nor parseable, e.g. {@code [N/A]} power. */
    synchronized int unreadableLines() {
        return unreadable;
    }

    /** The device's power over {@code [fromMillis, toMillis]}; empty when no reading falls inside. */
    synchronized Optional<WindowSummary> summarize(int nvmlIndex, long fromMillis, long toMillis) {
        List<Sample> device = samples.stream()
                .filter(sample -> sample.nvmlIndex() == nvmlIndex)
                .sorted(Comparator.comparingLong(Sample::epochMillis))
                .toList();
        List<Sample> inside = device.stream()
                .filter(sample -> sample.epochMillis() >= fromMillis && sample.epochMillis() <= toMillis)
                .toList();
        if (inside.isEmpty() || toMillis <= fromMillis) {
            return Optional.empty();
        }
        List<double[]> points = new ArrayList<>();
        points.add(new double[] {fromMillis, inside.get(0).watts()});
        inside.forEach(sample -> points.add(new double[] {sample.epochMillis(), sample.watts()}));
        points.add(new double[] {toMillis, inside.get(inside.size() - 1).watts()});
        double joules = 0;
        for (int i = 1; i < points.size(); i++) {
            double[] a = points.get(i - 1);
            double[] b = points.get(i);
            joules += (a[1] + b[1]) / 2 * (b[0] - a[0]) / 1e3;
        }
        List<Long> intervals = new ArrayList<>();
        for (int i = 1; i < inside.size(); i++) {
            intervals.add(inside.get(i).epochMillis() - inside.get(i - 1).epochMillis());
        }
        double seconds = (toMillis - fromMillis) / 1e3;
        return Optional.of(new WindowSummary(inside.size(), joules / seconds, joules, UpdateProbe.median(intervals)));
    }

    /** Stops the command; the readings taken so far stay. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            reader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void readLines() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                accept(line, System.currentTimeMillis());
            }
        } catch (IOException e) {
            synchronized (this) {
                otherOutput.append(" (output unreadable: ").append(e.getMessage()).append(')');
            }
        }
    }

    /** Parses {@code timestamp, index, watts}; anything else is kept as the command's own words. */
    synchronized void accept(String line, long arrivalMillis) {
        String[] fields = line.split(",");
        if (fields.length != 3) {
            if (otherOutput.length() < 2_000) {
                otherOutput.append(line.strip()).append(' ');
            }
            return;
        }
        try {
            int index = Integer.parseInt(fields[1].strip());
            double watts = Double.parseDouble(fields[2].strip());
            samples.add(new Sample(epochMillis(fields[0].strip(), arrivalMillis), index, watts));
        } catch (NumberFormatException e) {
            unreadable++;
        }
    }

    private static long epochMillis(String timestamp, long arrivalMillis) {
        try {
            return LocalDateTime.parse(timestamp, SMI_TIMESTAMP).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return arrivalMillis;
        }
    }
}
