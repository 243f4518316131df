package io.greentrain.preprocessing.tabular;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the cleaning step did with every input row. The counts reconcile:
 * {@code rowsIn = rowsKept + rowsQuarantined + rowsDuplicate}, and the per-reason quarantine counts
 * add up to {@code rowsQuarantined}; the constructor refuses counts that do not.
 *
 * @param inputFiles           the files read (qualified paths)
 * @param emptyFiles           input files with no header line, hence no rows
 * @param undeclaredColumns    header columns that were not declared and so not read
 * @param rowsIn               data lines read (headers and blank lines excluded)
 * @param blankLines           blank lines skipped (not rows)
 * @param rowsKept             rows written to the cleaned output
 * @param rowsQuarantined      rows written to quarantine
 * @param rowsDuplicate        exact duplicates of a kept row, removed
 * @param rowsClipped          kept rows with at least one value clipped by an outlier rule
 * @param quarantinedByReason  quarantined rows per {@link QuarantineReason#code()}, every reason listed
 * @param quarantineGroups     quarantined rows per reason and column, most rows first, with a few
 *                             examples each; their counts add up to {@code rowsQuarantined}
 */
public record CleaningReport(List<String> inputFiles, List<String> emptyFiles, List<String> undeclaredColumns,
                             long rowsIn, long blankLines, long rowsKept, long rowsQuarantined, long rowsDuplicate,
                             long rowsClipped, Map<String, Long> quarantinedByReason,
                             List<QuarantineGroup> quarantineGroups) {

    /**
     * The quarantined rows of one reason and column.
     *
     * @param reason   the {@link QuarantineReason#code()}
     * @param column   the declared column at fault, or {@link #WHOLE_ROW} when the row as a whole is
     * @param rows     how many rows
     * @param examples the details of the first few of them (by file and offset), e.g.
     *                 {@code baths = '2.5' is not a whole number}
     */
    public record QuarantineGroup(String reason, String column, long rows, List<String> examples) {

        /** The column of a group whose rows are at fault as a whole (too few fields, bad encoding). */
        public static final String WHOLE_ROW = "(row)";

        public QuarantineGroup {
            examples = List.copyOf(examples);
        }
    }

    public CleaningReport {
        inputFiles = List.copyOf(inputFiles);
        emptyFiles = List.copyOf(emptyFiles);
        undeclaredColumns = List.copyOf(undeclaredColumns);
        quarantinedByReason = java.util.Collections.unmodifiableMap(new TreeMap<>(quarantinedByReason));
        quarantineGroups = quarantineGroups.stream()
                .sorted(java.util.Comparator.comparingLong(QuarantineGroup::rows).reversed()
                        .thenComparing(QuarantineGroup::reason).thenComparing(QuarantineGroup::column))
                .toList();
        long byReason = quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
        long byGroup = quarantineGroups.stream().mapToLong(QuarantineGroup::rows).sum();
        if (rowsIn != rowsKept + rowsQuarantined + rowsDuplicate || byReason != rowsQuarantined
                || byGroup != rowsQuarantined) {
            throw new IllegalStateException("cleaning counts do not reconcile: in " + rowsIn + " != kept " + rowsKept
                    + " + quarantined " + rowsQuarantined + " + duplicates " + rowsDuplicate
                    + " (quarantined by reason " + quarantinedByReason + ", by reason and column " + byGroup + ")");
        }
    }

    /** The share of data rows quarantined, 0 when there are none. */
    public double quarantinedFraction() {
        return rowsIn == 0 ? 0 : (double) rowsQuarantined / rowsIn;
    }

    /**
     * The quarantine per reason with its columns, one phrase per reason that has rows, e.g.
     * {@code invalid_type 35 (baths: 35), missing_required 2 (zip: 1, price: 1)}.
     */
    public String quarantineByReasonAndColumn() {
        Map<String, StringBuilder> phrases = new java.util.LinkedHashMap<>();
        quarantinedByReason.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> phrases.put(e.getKey(), new StringBuilder(e.getKey() + " " + e.getValue() + " (")));
        for (QuarantineGroup group : quarantineGroups) {
            StringBuilder phrase = phrases.get(group.reason());
            if (phrase != null) {
                phrase.append(phrase.charAt(phrase.length() - 1) == '(' ? "" : ", ")
                        .append(group.column()).append(": ").append(group.rows());
            }
        }
        return String.join(", ", phrases.values().stream().map(p -> p.append(')').toString()).toList());
    }
}
