package io.greentrain.energy.carbon;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the time, zone and intensity are in an intensity CSV's header. The names it knows are
 * listed on {@link IntensityTimeSeries}; they are compared compacted, without case, blanks,
 * punctuation or the subscript in "CO₂": {@code Zone Id}, {@code zone_id} and {@code zoneId} are
 * all {@code zoneid}.
 *
 * @param fieldCount    fields in the header, and so in every row
 * @param time          index of the time column
 * @param zone          index of the zone column, or -1 when there is none
 * @param intensity     index of the intensity column read
 * @param intensityName that column's name as the file spells it
 */
record IntensityCsvHeader(int fieldCount, int time, int zone, int intensity, String intensityName) {

    private static final List<String> TIME_NAMES =
            List.of("datetimeutc", "datetime", "timestamputc", "timestamp", "timeutc", "time");
    private static final List<String> ZONE_NAMES = List.of("zoneid", "zone", "zonekey", "zonename", "country");
    private static final String INTENSITY_PREFIX = "carbonintensity";

    /**
     * @param header       the header's fields
     * @param basis        the basis whose column must be read, or {@code null} for lifecycle, else
     *                     direct, else the single unlabelled column
     * @param zoneRequired whether a file without a zone column is an error
     * @param where        the file and line, for messages
     * @throws IllegalArgumentException naming {@code where} when a needed column is missing or ambiguous
     */
    static IntensityCsvHeader recognise(List<String> header, EmissionBasis basis, boolean zoneRequired, String where) {
        List<String> names = new ArrayList<>();
        for (String field : header) {
            names.add(compact(field));
        }
        int time = firstOf(TIME_NAMES, names);
        if (time < 0) {
            throw new IllegalArgumentException(where + ": no time column (Datetime (UTC), datetime, timestamp"
                    + " or time) in header " + header);
        }
        int zone = firstOf(ZONE_NAMES, names);
        if (zone < 0 && zoneRequired) {
            throw new IllegalArgumentException(where + ": no zone column (Zone Id, zone, Zone Name or Country)"
                    + " in header " + header + "; say which zone the file is for with zoneWhenAbsent");
        }
        int intensity = intensityColumn(header, names, basis, where);
        return new IntensityCsvHeader(header.size(), time, zone, intensity, header.get(intensity));
    }

    private static int intensityColumn(List<String> header, List<String> names, EmissionBasis basis, String where) {
        Map<EmissionBasis, Integer> labelled = new EnumMap<>(EmissionBasis.class);
        List<Integer> unlabelled = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!name.startsWith(INTENSITY_PREFIX)) {
                continue;
            }
            EmissionBasis columnBasis = basisOf(name);
            if (columnBasis == null) {
                unlabelled.add(i);
            } else if (labelled.putIfAbsent(columnBasis, i) != null) {
                throw new IllegalArgumentException(where + ": two " + columnBasis + " intensity columns in header "
                        + header);
            }
        }
        if (basis != null) {
            Integer column = labelled.get(basis);
            if (column == null) {
                throw new IllegalArgumentException(where + ": no " + basis + " intensity column in header " + header);
            }
            return column;
        }
        for (EmissionBasis preferred : List.of(EmissionBasis.LIFECYCLE, EmissionBasis.DIRECT)) {
            if (labelled.containsKey(preferred)) {
                return labelled.get(preferred);
            }
        }
        if (unlabelled.size() == 1) {
            return unlabelled.get(0);
        }
        throw new IllegalArgumentException(where + (unlabelled.isEmpty()
                ? ": no carbon intensity column in header " : ": more than one carbon intensity column in header ")
                + header);
    }

    private static EmissionBasis basisOf(String compactName) {
        if (compactName.contains("lca") || compactName.contains("lifecycle")) {
            return EmissionBasis.LIFECYCLE;
        }
        if (compactName.contains("direct")) {
            return EmissionBasis.DIRECT;
        }
        return null;
    }

    private static int firstOf(List<String> wanted, List<String> names) {
        for (String name : wanted) {
            int index = names.indexOf(name);
            if (index >= 0) {
                return index;
            }
        }
        return -1;
    }

    private static String compact(String name) {
        String lower = name.replace('\u2082', '2').toLowerCase(Locale.ROOT);
        StringBuilder compact = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                compact.append(c);
            }
        }
        return compact.toString();
    }
}
