package io.greentrain.energy.carbon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Annual average carbon intensity per zone, from a table with the columns
 * {@code zone,year,g_co2e_per_kwh,source} (any order, header names case-insensitive; lines starting
 * with {@code #} and blank lines are skipped). {@link #bundled()} holds Ember's lifecycle yearly
 * averages for the world, the EU and nineteen large countries; its header comment says exactly what
 * they are. A yearly mean hides the hours that matter: prefer an {@link IntensityTimeSeries} and
 * use this table as its {@linkplain IntensityProvider#withFallback(IntensityProvider) fallback}.
 *
 * <p>For each calendar year (UTC) a window touches, the table's value is that of the newest year up
 * to and including it; when the table has no year that old, its newest year. The source of the
 * result names the year used, and the year it was used for when they differ. A window spanning New
 * Year gets the time-weighted mean of its years' values.
 */
public final class AnnualAverages implements IntensityProvider {

    /** The bundled table, a resource next to this class. */
    public static final String BUNDLED_RESOURCE = "annual-intensity.csv";

    private static final List<String> COLUMNS = List.of("zone", "year", "g_co2e_per_kwh", "source");

    private final Map<String, NavigableMap<Integer, Row>> zones;

    private AnnualAverages(Map<String, NavigableMap<Integer, Row>> zones) {
        this.zones = zones;
    }

    /** The bundled table, {@value #BUNDLED_RESOURCE}. */
    public static AnnualAverages bundled() {
        try (InputStream in = AnnualAverages.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + BUNDLED_RESOURCE + " is missing from the classpath");
            }
            return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), BUNDLED_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + BUNDLED_RESOURCE, e);
        }
    }

    /**
     * Reads a table of your own, in the bundled table's format.
     *
     * @throws IllegalArgumentException naming the file and line of the first bad header or row
     */
    public static AnnualAverages read(Path csv) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            return read(in, csv.toString());
        }
    }

    static AnnualAverages read(BufferedReader in, String name) throws IOException {
        Map<String, NavigableMap<Integer, Row>> zones = new HashMap<>();
        Map<String, Integer> header = null;
        int lineNumber = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            String text = lineNumber == 1 ? line.replace("\uFEFF", "") : line;
            if (text.isBlank() || text.stripLeading().startsWith("#")) {
                continue;
            }
            String where = name + ", line " + lineNumber;
            List<String> fields = split(text, where);
            if (header == null) {
                header = header(fields, where);
                continue;
            }
            if (fields.size() != header.size()) {
                throw new IllegalArgumentException(where + ": expected " + header.size() + " fields, found "
                        + fields.size());
            }
            Row row = row(fields, header, where, lineNumber);
            Row previous = zones.computeIfAbsent(row.zone, z -> new TreeMap<>()).putIfAbsent(row.year, row);
            if (previous != null) {
                throw new IllegalArgumentException(where + ": zone " + row.zone + " already has a value for "
                        + row.year + " (line " + previous.line + ")");
            }
        }
        if (header == null) {
            throw new IllegalArgumentException(name + ": no header line (" + String.join(",", COLUMNS) + ")");
        }
        Map<String, NavigableMap<Integer, Row>> frozen = new HashMap<>();
        zones.forEach((zone, years) -> frozen.put(zone, Collections.unmodifiableNavigableMap(years)));
        return new AnnualAverages(Collections.unmodifiableMap(frozen));
    }

    /** The zones the table has values for, canonical (upper case). */
    public Set<String> zones() {
        return Collections.unmodifiableSet(new TreeSet<>(zones.keySet()));
    }

    /**
     * The annual value of {@code zone} used for {@code year}: the newest year up to {@code year},
     * else the newest the table has.
     *
     * @throws IntensityUnavailableException when the table has no row for the zone
     */
    public CarbonIntensity forYear(String zone, int year) {
        Instant start = yearStart(year);
        return forYear(IntensityRequests.check(zone, start, start), year, start, start);
    }

    /** See the class comment for how years are chosen. */
    @Override
    public CarbonIntensity intensity(String zone, Instant windowStart, Instant windowEnd) {
        String canonicalZone = IntensityRequests.check(zone, windowStart, windowEnd);
        int firstYear = yearOf(windowStart);
        int lastYear = windowEnd.equals(windowStart) ? firstYear : yearOf(windowEnd.minusNanos(1));
        if (firstYear == lastYear) {
            return forYear(canonicalZone, firstYear, windowStart, windowEnd);
        }
        double window = IntensityRequests.seconds(windowStart, windowEnd);
        double weighted = 0;
        List<String> parts = new ArrayList<>();
        for (int year = firstYear; year <= lastYear; year++) {
            Instant from = year == firstYear ? windowStart : yearStart(year);
            Instant to = year == lastYear ? windowEnd : yearStart(year + 1);
            CarbonIntensity annual = forYear(canonicalZone, year, windowStart, windowEnd);
            double seconds = IntensityRequests.seconds(from, to);
            weighted += annual.gramsPerKwh() * seconds;
            parts.add(DecimalText.of(100 * seconds / window) + "% of the window at " + annual.source());
        }
        return new CarbonIntensity(weighted / window, canonicalZone, windowStart,
                "time-weighted mean across New Year: " + String.join(" | ", parts));
    }

    private CarbonIntensity forYear(String zone, int year, Instant windowStart, Instant windowEnd) {
        NavigableMap<Integer, Row> years = zones.get(zone);
        if (years == null) {
            throw new IntensityUnavailableException(zone, windowStart, windowEnd,
                    "the annual table has no zone " + zone + "; it has " + zones());
        }
        Map.Entry<Integer, Row> upTo = years.floorEntry(year);
        Row row = upTo != null ? upTo.getValue() : years.lastEntry().getValue();
        String which;
        if (row.year == year) {
            which = "annual average " + row.year;
        } else if (row.year < year) {
            which = "annual average " + row.year + ", used for " + year + " (newest year in the table up to "
                    + year + ")";
        } else {
            which = "annual average " + row.year + ", used for " + year + " (the table has no year up to "
                    + year + "; newest used)";
        }
        return new CarbonIntensity(row.gramsPerKwh, zone, yearStart(row.year), row.source + "; " + which);
    }

    private static Map<String, Integer> header(List<String> fields, String where) {
        Map<String, Integer> header = new HashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            header.put(fields.get(i).toLowerCase(Locale.ROOT), i);
        }
        for (String column : COLUMNS) {
            if (!header.containsKey(column)) {
                throw new IllegalArgumentException(where + ": header lacks column '" + column + "'; expected "
                        + String.join(",", COLUMNS) + ", found " + String.join(",", fields));
            }
        }
        return header;
    }

    private static Row row(List<String> fields, Map<String, Integer> header, String where, int line) {
        String zoneText = fields.get(header.get("zone"));
        if (zoneText.isEmpty()) {
            throw new IllegalArgumentException(where + ": zone is empty");
        }
        String yearText = fields.get(header.get("year"));
        int year;
        try {
            year = Integer.parseInt(yearText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": year '" + yearText + "' is not a whole number");
        }
        String valueText = fields.get(header.get("g_co2e_per_kwh"));
        double grams = StrictNumbers.gramsPerKwh(valueText, where);
        String source = fields.get(header.get("source"));
        if (source.isEmpty()) {
            throw new IllegalArgumentException(where + ": source is empty; every value needs one");
        }
        return new Row(ZoneIds.canonical(zoneText), year, grams, source, line);
    }

    private static List<String> split(String line, String where) {
        try {
            return CsvLine.split(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    private static int yearOf(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).getYear();
    }

    private static Instant yearStart(int year) {
        return LocalDate.of(year, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private record Row(String zone, int year, double gramsPerKwh, String source, int line) {
    }
}
