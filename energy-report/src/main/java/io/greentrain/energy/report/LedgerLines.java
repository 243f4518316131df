package io.greentrain.energy.report;

import io.greentrain.energy.api.DeviceClass;
import io.greentrain.energy.ledger.CorrectionRecord;
import io.greentrain.energy.ledger.LedgerCodec;
import io.greentrain.energy.ledger.LedgerEntry;
import io.greentrain.energy.ledger.LedgerFormat;
import io.greentrain.energy.ledger.LedgerFormatException;
import io.greentrain.energy.ledger.LedgerRecord;
import io.greentrain.energy.ledger.WorkRecord;
import io.greentrain.energy.meter.MeasurementMethod;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Finds a ledger's segment files and reads their lines in plain Java, without Spark: the report's
 * {@link ReportEngine#LOCAL local engine}. Reads what {@link LedgerEntries#read} reads with Spark, with the same checks:
 * every line decoded by the ledger's own codec ({@link LedgerCodec}), energy and correction lines as energy entries,
 * work lines as work, seals, gaps and lines of other kinds read past; a line repeated verbatim (the same ledger given
 * twice) counts once, and two different lines with one run and sequence number are refused. Holds the lines in
 * memory, so it is for ledgers of a few tens of megabytes ({@link ReportEngine#LOCAL_LIMIT_BYTES}).
 */
final class LedgerLines {

    /** Segment files below a ledger folder. */
    static final String SEGMENT_GLOB = "run=*/segment-*.jsonl";

    /**
     * The exact name of a segment. Stricter than {@link #SEGMENT_GLOB}, so that a writer's temporary
     * file ({@code .segment-0-9.jsonl}, {@code segment-0-9.jsonl.tmp}, {@code _segment-0-9.jsonl},
     * {@code segment-0-9.tmp.jsonl}) is never read.
     */
    static final Pattern SEGMENT_NAME = Pattern.compile("segment-[0-9]+-[0-9]+\\.jsonl");

    private static final int QUOTED_LINE_LIMIT = 300;

    /** Fields an energy entry must have, as {@link LedgerEntries#REQUIRED}. */
    private static final List<String> REQUIRED = LedgerFormat.requiredNames(LedgerFormat.ENERGY_FIELDS);

    /**
     * What {@link #read} found: the energy entries (energy and correction lines) and the work records, each sorted by
     * run and sequence.
     */
    record Lines(List<EnergyLine> entries, List<WorkRecord> work) {
    }

    private LedgerLines() {
    }

    /**
     * The segment files of {@code ledgerPaths} (any Hadoop file system), sorted per ledger, without repeats.
     *
     * @throws IllegalArgumentException naming the folder, when a ledger path holds no segment
     */
    static List<String> segmentFiles(List<String> ledgerPaths, Configuration conf) {
        if (ledgerPaths.isEmpty()) {
            throw new IllegalArgumentException("no ledger path given");
        }
        List<String> files = new ArrayList<>();
        for (String ledger : ledgerPaths) {
            Path glob = new Path(new Path(ledger), SEGMENT_GLOB);
            FileStatus[] matches;
            try {
                FileSystem fs = glob.getFileSystem(conf);
                matches = fs.globStatus(glob, path -> SEGMENT_NAME.matcher(path.getName()).matches());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list ledger " + ledger, e);
            }
            List<String> found = matches == null ? List.of() : Arrays.stream(matches)
                    .filter(FileStatus::isFile)
                    .map(status -> status.getPath().toString())
                    .sorted()
                    .toList();
            if (found.isEmpty()) {
                throw new IllegalArgumentException("no ledger segments in " + ledger
                        + " (expected " + ledger + "/run=<runId>/segment-<first>-<last>.jsonl)");
            }
            files.addAll(found);
        }
        return files.stream().distinct().toList();
    }

    /** The bytes of {@code files} added up. */
    static long bytes(List<String> files, Configuration conf) {
        long bytes = 0;
        for (String file : files) {
            Path path = new Path(file);
            try {
                bytes += path.getFileSystem(conf).getFileStatus(path).getLen();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the size of ledger segment " + file, e);
            }
        }
        return bytes;
    }

    /**
     * Reads {@code segmentFiles}: every line once, energy entries and work records apart.
     *
     * @throws IllegalArgumentException naming the file, when a line is not a ledger line of a known kind or lacks a
     *                                  field the report needs, or when a run has two different lines with the same
     *                                  sequence number
     */
    static Lines read(List<String> segmentFiles, Configuration conf) {
        Map<String, Map<Long, Line>> byRun = new HashMap<>();
        for (String file : segmentFiles) {
            Path path = new Path(file);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(path.getFileSystem(conf).open(path),
                    StandardCharsets.UTF_8))) {
                long number = 0;
                for (String text = in.readLine(); text != null; text = in.readLine()) {
                    number++;
                    if (text.isBlank()) {
                        continue;
                    }
                    LedgerRecord record = decode(text, file, number);
                    check(record, file);
                    Line line = new Line(record, file);
                    Line other = byRun.computeIfAbsent(record.runId(), run -> new HashMap<>())
                            .putIfAbsent(record.sequence(), line);
                    if (other != null && !other.record().equals(record)) {
                        other.conflicts().add(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read ledger segment " + file, e);
            }
        }
        rejectConflicts(byRun);
        List<EnergyLine> entries = new ArrayList<>();
        List<WorkRecord> work = new ArrayList<>();
        byRun.values().forEach(lines -> lines.values().forEach(line -> {
            if (line.record() instanceof LedgerEntry || line.record() instanceof CorrectionRecord) {
                entries.add(new EnergyLine(line.record()));
            } else if (line.record() instanceof WorkRecord record) {
                work.add(record);
            }
        }));
        entries.sort(Comparator.comparing(EnergyLine::runId).thenComparingLong(EnergyLine::sequence));
        work.sort(Comparator.comparing(WorkRecord::runId).thenComparingLong(WorkRecord::sequence));
        return new Lines(entries, work);
    }

    /** A line read, where from, and the different lines found with its run and sequence number. */
    private record Line(LedgerRecord record, String file, List<Line> conflicts) {
        Line(LedgerRecord record, String file) {
            this(record, file, new ArrayList<>());
        }
    }

    private static LedgerRecord decode(String text, String file, long number) {
        try {
            return LedgerCodec.decode(text, file, number);
        } catch (LedgerFormatException e) {
            throw new IllegalArgumentException("ledger segment " + file + " has an invalid line " + quote(text) + ": "
                    + e.getMessage());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("ledger segment " + file + " has an invalid line " + quote(text) + ": "
                    + e.getMessage());
        }
    }

    /** What {@link LedgerEntries}' checks add to the codec's: the fields the report groups by, and the windows. */
    private static void check(LedgerRecord record, String file) {
        if (!(record instanceof LedgerEntry || record instanceof CorrectionRecord)) {
            return;
        }
        List<String> problems = new ArrayList<>();
        for (String name : REQUIRED) {
            if (EnergyLine.value(record, name) == null) {
                problems.add("missing " + name);
            }
        }
        for (String window : List.of("windowStart", "windowEnd")) {
            Object value = EnergyLine.value(record, window);
            if (value != null && epochMicros((String) value) == null) {
                problems.add(window + " is not an ISO-8601 instant");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("ledger segment " + file + " has an invalid entry " + record.runId()
                    + "/" + record.sequence() + ": " + String.join(", ", problems));
        }
    }

    private static void rejectConflicts(Map<String, Map<Long, Line>> byRun) {
        byRun.keySet().stream().sorted().forEach(run -> byRun.get(run).entrySet().stream()
                .filter(sequence -> !sequence.getValue().conflicts().isEmpty())
                .min(Map.Entry.comparingByKey())
                .ifPresent(sequence -> {
                    Line first = sequence.getValue();
                    List<LedgerRecord> versions = new ArrayList<>(List.of(first.record()));
                    TreeSet<String> files = new TreeSet<>(List.of(first.file()));
                    for (Line other : first.conflicts()) {
                        if (!versions.contains(other.record())) {
                            versions.add(other.record());
                        }
                        files.add(other.file());
                    }
                    throw new IllegalArgumentException("run " + run + " has " + versions.size()
                            + " different entries with sequence " + sequence.getKey() + " (in " + files + ")");
                }));
    }

    private static String quote(String line) {
        String trimmed = line.strip();
        return "'" + (trimmed.length() > QUOTED_LINE_LIMIT ? trimmed.substring(0, QUOTED_LINE_LIMIT) + "..." : trimmed)
                + "'";
    }

    /**
     * {@code text} (an ISO-8601 instant, {@code 2024-05-01T10:00:00Z}, or date-time with an offset) as microseconds
     * since the epoch, as Spark's cast to a timestamp reads it; null when it is not one.
     */
    static Long epochMicros(String text) {
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                instant = OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notOffset) {
                return null;
            }
        }
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant.truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * One energy entry (an energy or a correction line) with every field of {@link LedgerFormat#ENERGY_FIELDS}, and
     * the figures {@link LedgerEntries#withDerivedColumns} derives from them.
     */
    static final class EnergyLine {

        /** The fields of an energy line, in line order: {@link #values}' order. */
        static final List<String> NAMES = LedgerFormat.names(LedgerFormat.ENERGY_FIELDS);

        private static final Map<Class<?>, Map<String, RecordComponent>> COMPONENTS = new HashMap<>();

        private final Object[] values;
        private final Map<String, Object> byName = new LinkedHashMap<>();
        /** IT energy, joules: active plus idle. */
        final double joules;
        /** IT energy times PUE. */
        final double facilityJoules;
        /** {@link DeviceClass#code} of the device. */
        final String deviceClass;
        /** From a counter or power integration rather than an estimate. */
        final boolean measured;
        final long startMicros;
        final long endMicros;
        /** The window as epoch seconds, as Spark's {@code unix_micros(...) / 1e6}. */
        final double startSeconds;
        final double endSeconds;

        EnergyLine(LedgerRecord record) {
            values = new Object[NAMES.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = value(record, NAMES.get(i));
                byName.put(NAMES.get(i), values[i]);
            }
            joules = real("activeJoules") + real("idleJoules");
            facilityJoules = joules * real("pue");
            deviceClass = DeviceClass.of(text("device")).code();
            String method = text("method");
            measured = method != null && (method.equals(MeasurementMethod.COUNTER.code())
                    || method.equals(MeasurementMethod.POWER_INTEGRATION.code())
                    || method.startsWith(MeasurementMethod.COUNTER.code() + ","));
            startMicros = epochMicros(text("windowStart"));
            endMicros = epochMicros(text("windowEnd"));
            startSeconds = startMicros / 1e6;
            endSeconds = endMicros / 1e6;
        }

        /** The field {@code name} of an energy or correction line, by its record component; null when it has none. */
        static Object value(LedgerRecord record, String name) {
            RecordComponent component;
            synchronized (COMPONENTS) {
                component = COMPONENTS.computeIfAbsent(record.getClass(), type -> {
                    Map<String, RecordComponent> components = new HashMap<>();
                    for (RecordComponent c : type.getRecordComponents()) {
                        components.put(c.getName(), c);
                    }
                    return components;
                }).get(name);
            }
            if (component == null) {
                return null;
            }
            try {
                return component.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read " + name + " of a ledger line", e);
            }
        }

        /** Every field in {@link #NAMES}' order (text, Long or Double; text may be null). */
        Object[] values() {
            return values.clone();
        }

        String text(String name) {
            return (String) byName.get(name);
        }

        double real(String name) {
            return ((Number) Objects.requireNonNull(byName.get(name), name)).doubleValue();
        }

        String runId() {
            return text("runId");
        }

        long sequence() {
            return ((Number) byName.get("sequence")).longValue();
        }

        String applicationId() {
            return text("applicationId");
        }

        String executorId() {
            return text("executorId");
        }

        String host() {
            return text("host");
        }

        String device() {
            return text("device");
        }

        String phase() {
            return text("phase");
        }
    }
}
