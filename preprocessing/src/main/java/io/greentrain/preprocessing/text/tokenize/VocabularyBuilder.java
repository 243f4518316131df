package io.greentrain.preprocessing.text.tokenize;

import static io.greentrain.preprocessing.ColumnNames.quoted;

import io.greentrain.formats.CharVocabulary;
import io.greentrain.formats.VocabularySettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Builds a {@link CharVocabulary} from a corpus with Spark: each partition counts its code points
 * in a local map, the counts are summed by code point across the cluster, and only the distinct
 * characters with their counts reach the driver (thousands of pairs for Chinese, not the text).
 */
public final class VocabularyBuilder {

    private VocabularyBuilder() {
    }

    /**
     * Counts the code points of {@code textColumn} over all rows of {@code documents} (null texts
     * count as empty) and keeps the characters seen at least {@code minCount} times, most frequent
     * first (ties by code point), as many as fit in {@code maxSize} ids.
     */
    public static CharVocabulary build(Dataset<Row> documents, String textColumn, VocabularySettings settings) {
        JavaPairRDD<Integer, Long> counts = documents.select(quoted(textColumn)).toJavaRDD()
                .mapPartitionsToPair(VocabularyBuilder::countPartition)
                .reduceByKey(Long::sum);
        List<Tuple2<Integer, Long>> all = counts.collect();
        return fromCounts(all, settings);
    }

    /** The vocabulary {@code settings} keep from {@code counts}, one (code point, count) pair per character. */
    static CharVocabulary fromCounts(List<Tuple2<Integer, Long>> counts, VocabularySettings settings) {
        long total = counts.stream().mapToLong(Tuple2::_2).sum();
        List<Tuple2<Integer, Long>> kept = new ArrayList<>(counts.stream()
                .filter(c -> c._2() >= settings.minCount()).toList());
        kept.sort((a, b) -> a._2().equals(b._2()) ? Integer.compare(a._1(), b._1()) : Long.compare(b._2(), a._2()));
        int size = Math.min(kept.size(), settings.maxSize() - CharVocabulary.RESERVED);
        int[] codePoints = new int[size];
        long[] keptCounts = new long[size];
        for (int i = 0; i < size; i++) {
            codePoints[i] = kept.get(i)._1();
            keptCounts[i] = kept.get(i)._2();
        }
        return new CharVocabulary(codePoints, keptCounts, total, counts.size(), settings);
    }

    private static Iterator<Tuple2<Integer, Long>> countPartition(Iterator<Row> rows) {
        Map<Integer, long[]> local = new HashMap<>();
        while (rows.hasNext()) {
            String text = rows.next().getString(0);
            if (text != null) {
                text.codePoints().forEach(cp -> local.computeIfAbsent(cp, k -> new long[1])[0]++);
            }
        }
        List<Tuple2<Integer, Long>> out = new ArrayList<>(local.size());
        local.forEach((cp, n) -> out.add(new Tuple2<>(cp, n[0])));
        return out.iterator();
    }
}
