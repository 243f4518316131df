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
 */
public record CleaningReport(List<String> inputFiles, List<String> emptyFiles, List<String> undeclaredColumns,
                             long rowsIn, long blankLines, long rowsKept, long rowsQuarantined, long rowsDuplicate,
                             long rowsClipped, Map<String, Long> quarantinedByReason) {

    public CleaningReport {
        inputFiles = List.copyOf(inputFiles);
        emptyFiles = List.copyOf(emptyFiles);
        undeclaredColumns = List.copyOf(undeclaredColumns);
        quarantinedByReason = java.util.Collections.unmodifiableMap(new TreeMap<>(quarantinedByReason));
        long byReason = quarantinedByReason.values().stream().mapToLong(Long::longValue).sum();
        if (rowsIn != rowsKept + rowsQuarantined + rowsDuplicate || byReason != rowsQuarantined) {
            throw new IllegalStateException("cleaning counts do not reconcile: in " + rowsIn + " != kept " + rowsKept
                    + " + quarantined " + rowsQuarantined + " + duplicates " + rowsDuplicate
                    + " (quarantined by reason " + quarantinedByReason + ")");
        }
    }
}
