package io.greentrain.energy.carbon;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Carbon intensity over time, per zone, read from a CSV file: an Electricity Maps export (hourly or
 * finer), or a simple file with the columns {@code datetime,zone,carbon_intensity}. One file may hold
 * several zones; each zone is its own series.
 *
 * <h2>Columns</h2>
 * Header names are matched liberally: case, blanks, punctuation and the subscript in "CO₂" are
 * ignored, so {@code Zone Id}, {@code zone_id} and {@code zoneId} are one name. Other columns are
 * ignored.
 * <ul>
 *   <li>Time, the first found of: {@code Datetime (UTC)}, {@code datetime}, {@code timestamp (UTC)},
 *       {@code timestamp}, {@code time (UTC)}, {@code time}. Values are ISO-8601 with an offset
 *       ({@code 2024-03-01T10:00:00Z}, {@code ...+01:00}) or without one, read as UTC, with a
 *       {@code T} or a blank between date and time ({@code 2024-03-01 10:00:00}, Electricity Maps' form).</li>
 *   <li>Zone, the first found of: {@code Zone Id}, {@code zone}, {@code zone key}, {@code Zone Name},
 *       {@code Country}. Its values are the zone ids to ask for. A file without any needs
 *       {@link CsvReader#zoneWhenAbsent(String)}.</li>
 *   <li>Intensity: a column whose name starts with "carbon intensity" ({@code Carbon Intensity
 *       gCO₂eq/kWh (LCA)}, {@code Carbon intensity gCO₂eq/kWh (Life cycle)}, {@code Carbon Intensity
 *       gCO₂eq/kWh (direct)}, {@code carbon_intensity}, {@code carbonIntensity}), in gCO2e/kWh. A name
 *       containing "LCA" or "life cycle" is {@link EmissionBasis#LIFECYCLE}, one containing "direct" is
 *       {@link EmissionBasis#DIRECT}. Unless a basis is {@linkplain CsvReader#basis(EmissionBasis)
 *       required}, the lifecycle column is read, else the direct one, else the single unlabelled one.
 *       The source of every value names the column it came from.</li>
 * </ul>
 * Values are read strictly: a row with a missing field, an unreadable time, an intensity that is
 * not a plain number {@code >= 0}, or a second value for the same zone and time fails the whole file
 * with an {@link IllegalArgumentException} naming the file and line. Rows need not be sorted. Lines
 * starting with {@code #} and blank lines are skipped. WattTime's own exports (marginal rates in
 * lb/MWh) must be converted to gCO2e/kWh first.
 *
 * <h2>Matching a window</h2>
 * Each value holds from its timestamp until the zone's next timestamp; the zone's last value holds
 * for the series' step (the gap between its last two timestamps), for one hour when the zone has a
 * single value, or for {@link CsvReader#lastInterval(Duration)}. A window gets the time-weighted mean
 * of the values it overlaps, so 10:45-11:15 over hourly values gets half the 10:00 value and half
 * the 11:00 one. A gap in the file is bridged by the value before it. A window not wholly inside
 * {@code [first timestamp, end of last value)} gets an {@link IntensityUnavailableException}; chain
 * {@link #withFallback(IntensityProvider)} to fill it from, e.g., {@link AnnualAverages}.
 */
public final class IntensityTimeSeries implements IntensityProvider {

    /** How long a zone's only value holds, when nothing says otherwise. */
    public static final Duration LAST_INTERVAL_DEFAULT = Duration.ofHours(1);

    private final Map<String, ZoneSeries> zones;
    private final String label;

    private IntensityTimeSeries(Map<String, ZoneSeries> zones, String label) {
        this.zones = zones;
        this.label = label;
    }

    /** Reads a file with the default options. See {@link CsvReader#read(Path)}. */
    public static IntensityTimeSeries read(Path csv) throws IOException {
        return csvReader().read(csv);
    }

    /** Options for reading a file: basis, zone of a file without a zone column, last interval, source label. */
    public static CsvReader csvReader() {
        return new CsvReader();
    }

    /** The zones the series has values for, canonical (upper case). */
    public Set<String> zones() {
        return Collections.unmodifiableSet(new TreeSet<>(zones.keySet()));
    }

    /**
     * The first instant the zone has a value for.
     *
     * @throws IllegalArgumentException when the series has no such zone
     */
    public Instant coverageStart(String zone) {
        return known(zone).starts[0];
    }

    /**
     * The instant the zone's last value stops holding (exclusive).
     *
     * @throws IllegalArgumentException when the series has no such zone
     */
    public Instant coverageEnd(String zone) {
        return known(zone).end;
    }

    /** See the class comment, "Matching a window". */
    @Override
    public CarbonIntensity intensity(String zone, Instant windowStart, Instant windowEnd) {
        String canonicalZone = IntensityRequests.check(zone, windowStart, windowEnd);
        ZoneSeries series = series(canonicalZone, windowStart, windowEnd);
        boolean outside = windowStart.isBefore(series.starts[0]) || windowEnd.isAfter(series.end)
                || !windowStart.isBefore(series.end);
        if (outside) {
            throw new IntensityUnavailableException(canonicalZone, windowStart, windowEnd, "the series of "
                    + canonicalZone + " in " + label + " covers " + series.starts[0] + " to " + series.end);
        }
        int first = series.indexAt(windowStart);
        if (windowStart.equals(windowEnd)) {
            return single(series, first, canonicalZone);
        }
        double weighted = 0;
        int last = first;
        for (int i = first; i < series.starts.length && series.starts[i].isBefore(windowEnd); i++) {
            Instant from = max(windowStart, series.starts[i]);
            Instant to = min(windowEnd, series.endOf(i));
            weighted += series.values[i] * IntensityRequests.seconds(from, to);
            last = i;
        }
        if (first == last) {
            return single(series, first, canonicalZone);
        }
        double mean = weighted / IntensityRequests.seconds(windowStart, windowEnd);
        return new CarbonIntensity(mean, canonicalZone, windowStart, label + ": time-weighted mean of the "
                + (last - first + 1) + " values from " + series.starts[first] + " to " + series.starts[last]);
    }

    private CarbonIntensity single(ZoneSeries series, int index, String zone) {
        return new CarbonIntensity(series.values[index], zone, series.starts[index],
                label + ": value from " + series.starts[index] + " to " + series.endOf(index));
    }

    private ZoneSeries series(String zone, Instant windowStart, Instant windowEnd) {
        ZoneSeries series = zones.get(zone);
        if (series == null) {
            throw new IntensityUnavailableException(zone, windowStart, windowEnd, missingZone(zone));
        }
        return series;
    }

    private ZoneSeries known(String zone) {
        String canonicalZone = ZoneIds.canonical(zone);
        ZoneSeries series = zones.get(canonicalZone);
        if (series == null) {
            throw new IllegalArgumentException(missingZone(canonicalZone));
        }
        return series;
    }

    private String missingZone(String zone) {
        return label + " has no series for zone " + zone + "; it has " + zones();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** One zone's values, sorted by time. */
    private static final class ZoneSeries {
        final Instant[] starts;
        final double[] values;
        final Instant end;

        ZoneSeries(Instant[] starts, double[] values, Instant end) {
            this.starts = starts;
            this.values = values;
            this.end = end;
        }

        /** The index of the value in force at {@code instant}, which lies inside the coverage. */
        int indexAt(Instant instant) {
            int found = Arrays.binarySearch(starts, instant);
            return found >= 0 ? found : -found - 2;
        }

        Instant endOf(int index) {
            return index + 1 < starts.length ? starts[index + 1] : end;
        }
    }

    /**
     * Reads CSV files into an {@link IntensityTimeSeries}. Not thread-safe; the series it makes is.
     */
    public static final class CsvReader {

        private EmissionBasis basis;
        private String zoneWhenAbsent;
        private Duration lastInterval;
        private String source;

        private CsvReader() {
        }

        /**
         * Read only the column of this basis, and fail when the file has none. Default: the lifecycle
         * column if present, else the direct one, else the single unlabelled one.
         */
        public CsvReader basis(EmissionBasis required) {
            this.basis = Objects.requireNonNull(required, "basis");
            return this;
        }

        /** The zone of every row, for a file without a zone column. Ignored when the file has one. */
        public CsvReader zoneWhenAbsent(String zone) {
            this.zoneWhenAbsent = ZoneIds.canonical(zone);
            return this;
        }

        /** How long each zone's last value holds. Default: the zone's last step, or one hour for a single value. */
        public CsvReader lastInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("the last interval must be positive, got " + interval);
            }
            this.lastInterval = interval;
            return this;
        }

        /**
         * How values of this file name their source, e.g. {@code "Electricity Maps, DE 2024 hourly
         * (LCA)"}. Default: the file name and the intensity column.
         */
        public CsvReader source(String label) {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("a source label must not be blank");
            }
            this.source = label;
            return this;
        }

        /**
         * Reads a file.
         *
         * @throws IllegalArgumentException naming the file and line of the first bad header or row
         */
        public IntensityTimeSeries read(Path csv) throws IOException {
            Path fileName = csv.getFileName();
            try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                return read(in, csv.toString(), fileName == null ? csv.toString() : fileName.toString());
            }
        }

        /**
         * Reads CSV text, e.g. a classpath resource.
         *
         * @param name the file's name, for messages and the default source label
         * @throws IllegalArgumentException naming {@code name} and the line of the first bad header or row
         */
        public IntensityTimeSeries read(BufferedReader in, String name) throws IOException {
            return read(in, name, name);
        }

        private IntensityTimeSeries read(BufferedReader in, String name, String shortName) throws IOException {
            IntensityCsvHeader header = null;
            Map<String, List<Point>> points = new LinkedHashMap<>();
            int lineNumber = 0;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                String text = lineNumber == 1 ? line.replace("\uFEFF", "") : line;
                if (text.isBlank() || text.stripLeading().startsWith("#")) {
                    continue;
                }
                String where = name + ", line " + lineNumber;
                List<String> fields;
                try {
                    fields = CsvLine.split(text);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
                }
                if (header == null) {
                    header = IntensityCsvHeader.recognise(fields, basis, zoneWhenAbsent == null, where);
                    continue;
                }
                if (fields.size() != header.fieldCount()) {
                    throw new IllegalArgumentException(where + ": expected " + header.fieldCount() + " fields, found "
                            + fields.size());
                }
                String zone = header.zone() < 0 ? zoneWhenAbsent : fields.get(header.zone());
                if (zone.isEmpty()) {
                    throw new IllegalArgumentException(where + ": zone is empty");
                }
                Instant time = parseTime(fields.get(header.time()), where);
                double grams = StrictNumbers.gramsPerKwh(fields.get(header.intensity()), where);
                points.computeIfAbsent(ZoneIds.canonical(zone), z -> new ArrayList<>())
                        .add(new Point(time, grams, lineNumber));
            }
            if (header == null) {
                throw new IllegalArgumentException(name + ": no header line");
            }
            if (points.isEmpty()) {
                throw new IllegalArgumentException(name + ": no values after the header");
            }
            Map<String, ZoneSeries> zones = new HashMap<>();
            for (Map.Entry<String, List<Point>> zone : points.entrySet()) {
                zones.put(zone.getKey(), series(zone.getKey(), zone.getValue(), name));
            }
            String label = source != null ? source : shortName + " column '" + header.intensityName() + "'";
            return new IntensityTimeSeries(Collections.unmodifiableMap(zones), label);
        }

        private ZoneSeries series(String zone, List<Point> points, String name) {
            points.sort(Comparator.comparing(Point::time));
            int n = points.size();
            Instant[] starts = new Instant[n];
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                Point point = points.get(i);
                if (i > 0 && point.time.equals(starts[i - 1])) {
                    Point earlier = points.get(i - 1);
                    Point later = earlier.line > point.line ? earlier : point;
                    throw new IllegalArgumentException(name + ", line " + later.line + ": zone " + zone
                            + " already has a value at " + point.time + " (line "
                            + Math.min(earlier.line, point.line) + ")");
                }
                starts[i] = point.time;
                values[i] = point.gramsPerKwh;
            }
            Duration last = lastInterval != null ? lastInterval
                    : n >= 2 ? Duration.between(starts[n - 2], starts[n - 1]) : LAST_INTERVAL_DEFAULT;
            return new ZoneSeries(starts, values, starts[n - 1].plus(last));
        }

        private static Instant parseTime(String text, String where) {
            String iso = text.length() > 10 && text.charAt(10) == ' '
                    ? text.substring(0, 10) + 'T' + text.substring(11) : text;
            try {
                return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            } catch (DateTimeParseException withoutOffset) {
                try {
                    return LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(where + ": time '" + text + "' is not ISO-8601"
                            + " (e.g. 2024-03-01T10:00:00Z or 2024-03-01 10:00:00)");
                }
            }
        }

        private record Point(Instant time, double gramsPerKwh, int line) {
        }
    }
}
