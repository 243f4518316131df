package io.greentrain.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.jobs.text.KeptShareCheck;
import io.greentrain.preprocessing.text.TextCleaningSpec;
import io.greentrain.preprocessing.text.dedup.DedupSpec;
import io.greentrain.preprocessing.text.normalize.NormalizationSpec;
import io.greentrain.preprocessing.text.quality.C4Thresholds;
import io.greentrain.preprocessing.text.quality.FineWebThresholds;
import io.greentrain.preprocessing.text.quality.GopherQualityThresholds;
import io.greentrain.preprocessing.text.quality.GopherRepetitionThresholds;
import io.greentrain.preprocessing.text.quality.QualityFilters;
import io.greentrain.preprocessing.text.quality.ScriptClass;
import io.greentrain.preprocessing.text.read.ReaderSpec;
import io.greentrain.preprocessing.text.read.TextFormat;
import io.greentrain.formats.VocabularySettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The library owns the defaults of text cleaning (each filter's thresholds record, {@link DedupSpec},
 * {@link ReaderSpec}, {@link NormalizationSpec}, {@link VocabularySettings}); {@code reference.conf} restates them
 * for the jobs. These specifications keep the two in agreement key by key.
 */
class TextKeyDefaultsTest {

    /** Every text-cleaning key with a library default, and that default as the key reads it. */
    private static final Map<ConfigKey<?>, Object> LIBRARY_DEFAULTS = libraryDefaults();

    private static final JobConfig REFERENCE = JobConfig.load(null, List.of(), new Configuration());

    @Test
    void referenceConfAgreesWithTheLibraryDefaultKeyByKey() {
        for (Map.Entry<ConfigKey<?>, Object> entry : LIBRARY_DEFAULTS.entrySet()) {
            Object reference = REFERENCE.get(entry.getKey());
            Object actual = reference instanceof List<?> list && entry.getValue() instanceof Set<?> ? Set.copyOf(list)
                    : reference;
            assertThat(actual).as(entry.getKey().path()).isEqualTo(entry.getValue());
        }
    }

    @Test
    void everyQualityDedupNormalizeAndVocabularyKeyHasALibraryDefault() {
        Set<String> tied = LIBRARY_DEFAULTS.keySet().stream().map(ConfigKey::path).collect(Collectors.toSet());
        List<String> untied = TextKeys.all().stream().map(ConfigKey::path)
                .filter(path -> path.matches("greentrain\\.text\\.(quality|dedup|normalize|vocabulary|json|email)\\..*")
                        || path.equals(TextKeys.CHARSET.path()))
                .filter(path -> !tied.contains(path))
                .toList();

        assertThat(untied).as("keys whose default no library record owns").isEmpty();
    }

    @Test
    void theDefaultConfigurationBuildsTheLibraryDefaults() {
        TextCleaningSpec spec = REFERENCE.textCleaningSpec();

        assertThat(spec.quality()).isEqualTo(QualityFilters.defaults());
        assertThat(spec).isEqualTo(TextCleaningSpec.defaults(TextFormat.JSON));
        assertThat(REFERENCE.vocabularySettings())
                .isEqualTo(new VocabularySettings(VocabularySettings.MAX_SIZE_DEFAULT, VocabularySettings.MIN_COUNT_DEFAULT));
    }

    private static Map<ConfigKey<?>, Object> libraryDefaults() {
        Map<ConfigKey<?>, Object> d = new LinkedHashMap<>();
        d.put(TextKeys.JSON_TEXT_FIELDS, ReaderSpec.TEXT_FIELDS_DEFAULT);
        d.put(TextKeys.JSON_ID_FIELD, "");
        d.put(TextKeys.JSON_MAX_STRING_LENGTH, ReaderSpec.JSON_MAX_STRING_LENGTH_DEFAULT);
        d.put(TextKeys.CHARSET, ReaderSpec.CHARSET_DEFAULT);
        d.put(TextKeys.EMAIL_KEEP_SUBJECT, ReaderSpec.KEEP_SUBJECT_DEFAULT);
        d.put(TextKeys.RECORD_SEPARATOR, "");
        d.put(TextKeys.WARN_KEPT_FRACTION, KeptShareCheck.WARN_BELOW_DEFAULT);
        d.put(TextKeys.MIN_KEPT_FRACTION, KeptShareCheck.FAIL_BELOW_DEFAULT);

        NormalizationSpec normalization = NormalizationSpec.defaults();
        d.put(TextKeys.NORMALIZE_FORM, NormalizationSpec.FORM_DEFAULT);
        d.put(TextKeys.NORMALIZE_HTML, normalization.htmlToText());
        d.put(TextKeys.NORMALIZE_KEEP_BLANK_LINES, normalization.keepBlankLines());

        d.put(TextKeys.QUALITY_ENABLED, TextCleaningSpec.defaults(TextFormat.JSON).qualityFilter());
        d.put(TextKeys.QUALITY_MIN_WORDS, GopherQualityThresholds.MIN_WORDS_DEFAULT);
        d.put(TextKeys.QUALITY_MAX_WORDS, GopherQualityThresholds.MAX_WORDS_DEFAULT);
        d.put(TextKeys.QUALITY_UNSPACED_MIN_CHARS, GopherQualityThresholds.UNSPACED_MIN_CHARS_DEFAULT);
        d.put(TextKeys.QUALITY_UNSPACED_MAX_CHARS, GopherQualityThresholds.UNSPACED_MAX_CHARS_DEFAULT);
        d.put(TextKeys.QUALITY_MIN_MEAN_WORD_LENGTH, GopherQualityThresholds.MIN_MEAN_WORD_LENGTH_DEFAULT);
        d.put(TextKeys.QUALITY_MAX_MEAN_WORD_LENGTH, GopherQualityThresholds.MAX_MEAN_WORD_LENGTH_DEFAULT);
        d.put(TextKeys.QUALITY_MAX_SYMBOL_WORD_RATIO, GopherQualityThresholds.MAX_SYMBOL_WORD_RATIO_DEFAULT);
        d.put(TextKeys.QUALITY_MAX_BULLET_LINE_FRACTION, GopherQualityThresholds.MAX_BULLET_LINE_FRACTION_DEFAULT);
        d.put(TextKeys.QUALITY_MAX_ELLIPSIS_LINE_FRACTION, GopherQualityThresholds.MAX_ELLIPSIS_LINE_FRACTION_DEFAULT);
        d.put(TextKeys.QUALITY_MIN_ALPHA_WORD_FRACTION, GopherQualityThresholds.MIN_ALPHA_WORD_FRACTION_DEFAULT);
        d.put(TextKeys.QUALITY_MIN_STOP_WORDS, GopherQualityThresholds.MIN_STOP_WORDS_DEFAULT);
        d.put(TextKeys.QUALITY_STOP_WORDS, GopherQualityThresholds.STOP_WORDS_DEFAULT);
        d.put(TextKeys.QUALITY_REJECT_LOREM_IPSUM, C4Thresholds.REJECT_LOREM_IPSUM_DEFAULT);
        d.put(TextKeys.QUALITY_REJECT_CURLY_BRACKET, C4Thresholds.REJECT_CURLY_BRACKET_DEFAULT);
        d.put(TextKeys.QUALITY_MAX_DUPLICATE_LINE_FRACTION,
                GopherRepetitionThresholds.MAX_DUPLICATE_LINE_FRACTION_DEFAULT);
        d.put(TextKeys.QUALITY_MAX_DUPLICATE_LINE_CHAR_FRACTION,
                GopherRepetitionThresholds.MAX_DUPLICATE_LINE_CHAR_FRACTION_DEFAULT);
        d.put(TextKeys.QUALITY_MAX_DUPLICATE_PARAGRAPH_FRACTION,
                GopherRepetitionThresholds.MAX_DUPLICATE_PARAGRAPH_FRACTION_DEFAULT);
        d.put(TextKeys.QUALITY_MAX_DUPLICATE_PARAGRAPH_CHAR_FRACTION,
                GopherRepetitionThresholds.MAX_DUPLICATE_PARAGRAPH_CHAR_FRACTION_DEFAULT);
        d.put(TextKeys.QUALITY_MAX_TOP_NGRAM_CHAR_FRACTION,
                GopherRepetitionThresholds.MAX_TOP_NGRAM_CHAR_FRACTION_DEFAULT);
        d.put(TextKeys.QUALITY_MAX_DUPLICATE_NGRAM_CHAR_FRACTION,
                GopherRepetitionThresholds.MAX_DUPLICATE_NGRAM_CHAR_FRACTION_DEFAULT);
        d.put(TextKeys.QUALITY_MIN_LINE_PUNCTUATION_FRACTION, FineWebThresholds.MIN_LINE_PUNCTUATION_FRACTION_DEFAULT);
        d.put(TextKeys.QUALITY_MAX_SHORT_LINE_FRACTION, FineWebThresholds.MAX_SHORT_LINE_FRACTION_DEFAULT);
        d.put(TextKeys.QUALITY_SHORT_LINE_CHARS, FineWebThresholds.SHORT_LINE_CHARS_DEFAULT);
        d.put(TextKeys.QUALITY_UNSPACED_SCRIPT_SHARE, ScriptClass.UNSPACED_SHARE_DEFAULT);
        d.put(TextKeys.QUALITY_UNSPACED_MIN_CHARS_QUOTED, GopherQualityThresholds.UNSPACED_MIN_CHARS_QUOTED_DEFAULT);
        d.put(TextKeys.QUALITY_UNSPACED_MAX_TOP_NGRAM_CHAR_FRACTION,
                GopherRepetitionThresholds.UNSPACED_MAX_TOP_NGRAM_CHAR_FRACTION_DEFAULT);
        d.put(TextKeys.QUALITY_UNSPACED_MAX_DUPLICATE_NGRAM_CHAR_FRACTION,
                GopherRepetitionThresholds.UNSPACED_MAX_DUPLICATE_NGRAM_CHAR_FRACTION_DEFAULT);
        d.put(TextKeys.QUALITY_CHINESE_MIN_STOP_WORD_SHARE, GopherQualityThresholds.CHINESE_MIN_STOP_WORD_SHARE_DEFAULT);
        d.put(TextKeys.QUALITY_CHINESE_STOP_WORDS, GopherQualityThresholds.CHINESE_STOP_WORDS_DEFAULT);

        DedupSpec dedup = DedupSpec.defaults();
        d.put(TextKeys.DEDUP_EXACT, dedup.exact());
        d.put(TextKeys.DEDUP_NEAR, dedup.near());
        d.put(TextKeys.DEDUP_WORD_SHINGLE, DedupSpec.WORD_SHINGLE_DEFAULT);
        d.put(TextKeys.DEDUP_CHAR_SHINGLE, DedupSpec.CHAR_SHINGLE_DEFAULT);
        d.put(TextKeys.DEDUP_BANDS, DedupSpec.BANDS_DEFAULT);
        d.put(TextKeys.DEDUP_ROWS, DedupSpec.ROWS_DEFAULT);
        d.put(TextKeys.DEDUP_JACCARD_THRESHOLD, DedupSpec.JACCARD_THRESHOLD_DEFAULT);
        d.put(TextKeys.DEDUP_SEED, DedupSpec.SEED_DEFAULT);
        d.put(TextKeys.DEDUP_MAX_BUCKET_SIZE, DedupSpec.MAX_BUCKET_SIZE_DEFAULT);

        d.put(TextKeys.VOCABULARY_MAX_SIZE, VocabularySettings.MAX_SIZE_DEFAULT);
        d.put(TextKeys.VOCABULARY_MIN_COUNT, VocabularySettings.MIN_COUNT_DEFAULT);
        return d;
    }
}
