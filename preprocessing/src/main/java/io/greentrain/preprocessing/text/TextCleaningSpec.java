package io.greentrain.preprocessing.text;

import io.greentrain.preprocessing.text.dedup.DedupSpec;
import io.greentrain.preprocessing.text.normalize.NormalizationSpec;
import io.greentrain.preprocessing.text.quality.QualityFilters;
import io.greentrain.preprocessing.text.read.ReaderSpec;
import io.greentrain.preprocessing.text.read.TextFormat;
import java.util.Objects;

/**
 * Everything {@link TextCorpusCleaner} needs to know, built from plain values; each part documents its defaults.
 *
 * @param reader        how to read the corpus
 * @param normalization how to normalise text
 * @param quality       the quality filters, in the order they run
 * @param qualityFilter apply the quality filters (false: only empty and unreadable documents are removed before
 *                      deduplication)
 * @param dedup         exact and near deduplication
 */
public record TextCleaningSpec(ReaderSpec reader, NormalizationSpec normalization, QualityFilters quality,
                               boolean qualityFilter, DedupSpec dedup) implements java.io.Serializable {

    public TextCleaningSpec {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(normalization, "normalization");
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(dedup, "dedup");
    }

    /** Default normalisation, filters and deduplication for a corpus read with {@code reader}. */
    public static TextCleaningSpec defaults(ReaderSpec reader) {
        return new TextCleaningSpec(reader, NormalizationSpec.defaults(), QualityFilters.defaults(), true,
                DedupSpec.defaults());
    }

    /** Defaults for {@code format} (JSON text field {@code "text"}). */
    public static TextCleaningSpec defaults(TextFormat format) {
        return defaults(ReaderSpec.of(format));
    }

    public TextCleaningSpec withNormalization(NormalizationSpec value) {
        return new TextCleaningSpec(reader, value, quality, qualityFilter, dedup);
    }

    public TextCleaningSpec withQuality(QualityFilters value) {
        return new TextCleaningSpec(reader, normalization, value, qualityFilter, dedup);
    }

    public TextCleaningSpec withQualityFilter(boolean on) {
        return new TextCleaningSpec(reader, normalization, quality, on, dedup);
    }

    public TextCleaningSpec withDedup(DedupSpec value) {
        return new TextCleaningSpec(reader, normalization, quality, qualityFilter, value);
    }
}
