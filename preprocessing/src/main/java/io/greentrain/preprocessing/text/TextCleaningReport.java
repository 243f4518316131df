package io.greentrain.preprocessing.text;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link TextCorpusCleaner#clean} did with every document. The counts reconcile: {@code docsIn = docsKept +
 * sum(removedByReason)}, and both the kept and removed outputs were read back with those counts; the constructor
 * refuses counts that do not add up.
 *
 * @param inputFiles             files read
 * @param docsIn                 documents read
 * @param docsKept               documents written under {@code kept/}
 * @param removedByReason        documents written under {@code removed/<reason>/}, every reason code listed in check
 *                               order (zeros included)
 * @param encodingErrorsReplaced byte sequences replaced by U+FFFD over all documents
 * @param docsWithEncodingErrors documents with at least one replacement
 * @param attachmentsDropped     non-text e-mail parts left out
 * @param charsIn                characters (code points) read, before normalisation
 * @param charsKept              characters (code points) of the kept, normalised documents
 * @param keptByScript           kept documents per script class ({@code spaced}, {@code unspaced})
 * @param candidatePairs         near-dedup candidate pairs (distinct pairs sharing a band)
 * @param verifiedPairs          candidate pairs whose exact Jaccard reached the threshold
 * @param clusters               near-duplicate clusters with at least two members
 * @param oversizedBuckets       band buckets over the size cap
 * @param componentRounds        rounds of the connected-components loop
 */
public record TextCleaningReport(long inputFiles, long docsIn, long docsKept, Map<String, Long> removedByReason,
                                 long encodingErrorsReplaced, long docsWithEncodingErrors, long attachmentsDropped,
                                 long charsIn, long charsKept, Map<String, Long> keptByScript, long candidatePairs,
                                 long verifiedPairs, long clusters, long oversizedBuckets, int componentRounds) {

    public TextCleaningReport {
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (String code : RemovalReason.codes()) {
            ordered.put(code, removedByReason.getOrDefault(code, 0L));
        }
        for (String code : removedByReason.keySet()) {
            if (!ordered.containsKey(code)) {
                throw new IllegalArgumentException("unknown removal reason " + code);
            }
        }
        removedByReason = Collections.unmodifiableMap(ordered);
        keptByScript = Collections.unmodifiableMap(new LinkedHashMap<>(keptByScript));
        long removed = docsRemoved(removedByReason);
        if (docsIn != docsKept + removed) {
            throw new IllegalStateException("text cleaning counts do not reconcile: in " + docsIn + " != kept "
                    + docsKept + " + removed " + removed + " " + removedByReason);
        }
        long byScript = keptByScript.values().stream().mapToLong(Long::longValue).sum();
        if (byScript != docsKept) {
            throw new IllegalStateException("kept documents by script " + keptByScript + " do not add up to "
                    + docsKept);
        }
    }

    /** All removed documents. */
    public long docsRemoved() {
        return docsRemoved(removedByReason);
    }

    private static long docsRemoved(Map<String, Long> byReason) {
        return byReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A JSON-friendly view (strings, numbers, nested maps), keys in a fixed order. */
    public Map<String, Object> toMap() {
        Map<String, Object> near = new LinkedHashMap<>();
        near.put("candidatePairs", candidatePairs);
        near.put("verifiedPairs", verifiedPairs);
        near.put("clusters", clusters);
        near.put("oversizedBuckets", oversizedBuckets);
        near.put("componentRounds", componentRounds);
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("inputFiles", inputFiles);
        map.put("docsIn", docsIn);
        map.put("docsKept", docsKept);
        map.put("docsRemoved", docsRemoved());
        map.put("removedByReason", removedByReason);
        map.put("encodingErrorsReplaced", encodingErrorsReplaced);
        map.put("docsWithEncodingErrors", docsWithEncodingErrors);
        map.put("attachmentsDropped", attachmentsDropped);
        map.put("charsIn", charsIn);
        map.put("charsKept", charsKept);
        map.put("keptByScript", keptByScript);
        map.put("nearDuplicates", near);
        return map;
    }
}
