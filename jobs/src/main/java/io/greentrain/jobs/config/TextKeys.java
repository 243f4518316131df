package io.greentrain.jobs.config;

import static io.greentrain.energy.config.ValueCheck.atLeast;
import static io.greentrain.energy.config.ValueCheck.notNegative;
import static io.greentrain.energy.config.ValueCheck.positive;
import static io.greentrain.energy.config.ValueCheck.strictlyBetweenZeroAndOne;

import io.greentrain.energy.config.ValueCheck;
import io.greentrain.formats.VocabularySettings;
import io.greentrain.preprocessing.text.dedup.DedupSpec;
import io.greentrain.preprocessing.text.normalize.NormalizationSpec;
import io.greentrain.preprocessing.text.quality.C4QualityFilter;
import io.greentrain.preprocessing.text.quality.C4Thresholds;
import io.greentrain.preprocessing.text.quality.FineWebQualityFilter;
import io.greentrain.preprocessing.text.quality.FineWebThresholds;
import io.greentrain.preprocessing.text.quality.GopherQualityFilter;
import io.greentrain.preprocessing.text.quality.GopherQualityThresholds;
import io.greentrain.preprocessing.text.quality.GopherRepetitionFilter;
import io.greentrain.preprocessing.text.quality.GopherRepetitionThresholds;
import io.greentrain.preprocessing.text.quality.QualityFilters;
import io.greentrain.preprocessing.text.read.ReaderSpec;
import io.greentrain.preprocessing.text.read.TextFormat;
import io.greentrain.preprocessing.text.tokenize.SequenceSettings;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The configuration keys of the text-corpus jobs ({@code text-clean}, {@code text-prepare},
 * {@code text-train}, {@code text-pipeline}): how the corpus is read, normalised, filtered and
 * deduplicated ({@code greentrain.text.*}) and the character language model
 * ({@code greentrain.lm.*}). Training itself (epochs, workers, batch size, averaging) uses the
 * shared {@code greentrain.train.*} keys. Part of {@link GreentrainKeys#all()}; the defaults of the
 * quality filters and deduplication are the published ones the library documents.
 */
public final class TextKeys {

    private static final List<ConfigKey<?>> REGISTERED = new ArrayList<>();

    static final List<String> FORMATS = List.of("json", "text-file", "text-line", "email");

    // ---- reading ----

    public static final ConfigKey<TextFormat> FORMAT = key("greentrain.text.format")
            .doc("How the input files hold documents: json (JSON Lines, or files holding one JSON array of "
                    + "objects), text-file (a document per file, or per record with record-separator), text-line "
                    + "(a document per non-blank line) or email (raw RFC 822/MIME messages, one per file).")
            .stringConf()
            .check(ValueCheck.oneOf(FORMATS))
            .map(name -> TextFormat.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_')))
            .create();

    public static final ConfigKey<String> CHARSET = key("greentrain.text.charset")
            .doc("The charset of text and JSON files, and of e-mail parts that name none or an unknown one. "
                    + "Bytes that do not decode are replaced with U+FFFD and counted.")
            .stringConf()
            .check(ValueCheck.of(TextKeys::isCharset, v -> "is not a charset this JVM knows: '" + v + "'"))
            .create();

    public static final ConfigKey<String> RECORD_SEPARATOR = key("greentrain.text.record-separator")
            .doc("text-file only: a regular expression matched against whole lines (without their line break) "
                    + "that separate a file's records, e.g. ^%$ for fortune files, ^---$ for many dumps, ^\\s*$ for "
                    + "blank-line paragraphs; each non-blank record is a document and files are streamed. Empty: one "
                    + "document per file.")
            .stringConf()
            .check(ValueCheck.of(TextKeys::isRegexOrEmpty, v -> "is not a regular expression: '" + v + "'"))
            .create();

    // ---- what is kept ----

    public static final ConfigKey<Double> WARN_KEPT_FRACTION = fractionKey("greentrain.text.warn-kept-fraction",
            "When text-clean keeps a smaller share of its documents than this, it ends with a warning naming the "
                    + "top removal reasons; 0 for never.");
    public static final ConfigKey<Double> MIN_KEPT_FRACTION = fractionKey("greentrain.text.min-kept-fraction",
            "When text-clean keeps a smaller share of its documents than this, it fails (exit code 2) naming the "
                    + "top removal reasons; 0 (default) for never.");

    // ---- reading: JSON and e-mail ----

    public static final ConfigKey<List<String>> JSON_TEXT_FIELDS = key("greentrain.text.json.text-fields")
            .doc("json only: the fields whose values form a document's text, in order, joined with a newline; "
                    + "a field may hold a string or an array of strings; nested fields with dots (body.text).")
            .readWith(ValueReader.listOf(ValueReader.STRING.check(ValueCheck.notBlank()), "list of strings"))
            .check(ValueCheck.notEmpty())
            .create();

    public static final ConfigKey<String> JSON_ID_FIELD = key("greentrain.text.json.id-field")
            .doc("json only: a field kept as source_id when present; empty for none. Documents are always "
                    + "identified by doc_id, a stable hash of their file and position.")
            .stringConf()
            .create();

    public static final ConfigKey<Integer> JSON_MAX_STRING_LENGTH = key("greentrain.text.json.max-string-length")
            .doc("json only: the longest string value, in characters, a record may hold (Jackson's limit, 20 million "
                    + "by default). A record with a longer one is removed as unreadable with a detail that names "
                    + "this key; raise it for corpora of very long documents.")
            .intConf()
            .check(atLeast(1))
            .create();

    public static final ConfigKey<Boolean> EMAIL_KEEP_SUBJECT = key("greentrain.text.email.keep-subject")
            .doc("email only: whether the decoded Subject header becomes the document's first line.")
            .booleanConf()
            .create();

    // ---- normalisation ----

    public static final ConfigKey<Normalizer.Form> NORMALIZE_FORM = key("greentrain.text.normalize.form")
            .doc("Unicode normal form: NFC (canonical composition) or NFKC (also folds compatibility "
                    + "characters such as full-width Latin and ligatures).")
            .stringConf()
            .check(ValueCheck.oneOf(List.of("NFC", "NFKC")))
            .map(Normalizer.Form::valueOf)
            .create();

    public static final ConfigKey<Boolean> NORMALIZE_HTML = key("greentrain.text.normalize.html-to-text")
            .doc("Whether every document is treated as HTML and reduced to its text (e-mail HTML parts always are).")
            .booleanConf()
            .create();

    public static final ConfigKey<Boolean> NORMALIZE_KEEP_BLANK_LINES = key("greentrain.text.normalize.keep-blank-lines")
            .doc("Whether one blank line is kept between paragraphs; false drops blank lines.")
            .booleanConf()
            .create();

    // ---- quality filters (defaults: Gopher, C4, FineWeb; see docs/text-cleaning.md) ----

    public static final ConfigKey<Boolean> QUALITY_ENABLED = key("greentrain.text.quality.enabled")
            .doc("Whether the quality filters run; false removes only empty and unreadable documents before "
                    + "deduplication.")
            .booleanConf()
            .create();

    public static final ConfigKey<Integer> QUALITY_MIN_WORDS = intKey("greentrain.text.quality.min-words", 0,
            "Fewest words a spaced-script document may have (Gopher: 50).");
    public static final ConfigKey<Integer> QUALITY_MAX_WORDS = intKey("greentrain.text.quality.max-words",
            "Most words a spaced-script document may have (Gopher: 100,000).");
    public static final ConfigKey<Double> QUALITY_MIN_MEAN_WORD_LENGTH = doubleKey(
            "greentrain.text.quality.min-mean-word-length", "Shortest mean word length, characters (Gopher: 3).");
    public static final ConfigKey<Double> QUALITY_MAX_MEAN_WORD_LENGTH = doubleKey(
            "greentrain.text.quality.max-mean-word-length", "Longest mean word length, characters (Gopher: 10).");
    public static final ConfigKey<Double> QUALITY_MAX_SYMBOL_WORD_RATIO = fractionKey(
            "greentrain.text.quality.max-symbol-word-ratio", "Most hash signs and ellipses per word (Gopher: 0.1).");
    public static final ConfigKey<Double> QUALITY_MAX_BULLET_LINE_FRACTION = fractionKey(
            "greentrain.text.quality.max-bullet-line-fraction", "Largest share of lines starting with a bullet (Gopher: 0.9).");
    public static final ConfigKey<Double> QUALITY_MAX_ELLIPSIS_LINE_FRACTION = fractionKey(
            "greentrain.text.quality.max-ellipsis-line-fraction", "Largest share of lines ending in an ellipsis (Gopher: 0.3).");
    public static final ConfigKey<Double> QUALITY_MIN_ALPHA_WORD_FRACTION = fractionKey(
            "greentrain.text.quality.min-alpha-word-fraction",
            "Smallest share of words with at least one alphabetic character (Gopher: 0.8).");
    public static final ConfigKey<Integer> QUALITY_MIN_STOP_WORDS = intKey("greentrain.text.quality.min-stop-words", 0,
            "Fewest stop words (from stop-words) a spaced-script document needs (Gopher: 2); 0 turns the filter off.");
    public static final ConfigKey<List<String>> QUALITY_STOP_WORDS = key("greentrain.text.quality.stop-words")
            .doc("The stop words counted by min-stop-words, lower case (Gopher: the, be, to, of, and, that, have, with).")
            .readWith(ValueReader.listOf(ValueReader.STRING.check(ValueCheck.notBlank()), "list of strings"))
            .create();
    public static final ConfigKey<Boolean> QUALITY_REJECT_LOREM_IPSUM = key("greentrain.text.quality.reject-lorem-ipsum")
            .doc("Whether documents containing \"lorem ipsum\" are removed (C4).")
            .booleanConf()
            .create();
    public static final ConfigKey<Boolean> QUALITY_REJECT_CURLY_BRACKET = key("greentrain.text.quality.reject-curly-bracket")
            .doc("Whether documents containing a curly bracket are removed (C4; removes code).")
            .booleanConf()
            .create();
    public static final ConfigKey<Double> QUALITY_MAX_DUPLICATE_LINE_FRACTION = fractionKey(
            "greentrain.text.quality.max-duplicate-line-fraction", "Largest share of lines that repeat an earlier line (Gopher: 0.3).");
    public static final ConfigKey<Double> QUALITY_MAX_DUPLICATE_LINE_CHAR_FRACTION = fractionKey(
            "greentrain.text.quality.max-duplicate-line-char-fraction",
            "Largest share of characters in repeated lines (Gopher: 0.2).");
    public static final ConfigKey<Double> QUALITY_MAX_DUPLICATE_PARAGRAPH_FRACTION = fractionKey(
            "greentrain.text.quality.max-duplicate-paragraph-fraction",
            "Largest share of paragraphs that repeat an earlier one (Gopher: 0.3).");
    public static final ConfigKey<Double> QUALITY_MAX_DUPLICATE_PARAGRAPH_CHAR_FRACTION = fractionKey(
            "greentrain.text.quality.max-duplicate-paragraph-char-fraction",
            "Largest share of characters in repeated paragraphs (Gopher: 0.2).");
    public static final ConfigKey<List<Double>> QUALITY_MAX_TOP_NGRAM_CHAR_FRACTION = fractionListKey(
            "greentrain.text.quality.max-top-ngram-char-fraction", 3,
            "For n = 2, 3, 4: largest share of characters covered by the most frequent word n-gram "
                    + "(Gopher: 0.20, 0.18, 0.16).");
    public static final ConfigKey<List<Double>> QUALITY_MAX_DUPLICATE_NGRAM_CHAR_FRACTION = fractionListKey(
            "greentrain.text.quality.max-duplicate-ngram-char-fraction", 6,
            "For n = 5 to 10: largest share of characters in word n-grams that occur more than once "
                    + "(Gopher: 0.15, 0.14, 0.13, 0.12, 0.11, 0.10).");
    public static final ConfigKey<Double> QUALITY_MIN_LINE_PUNCTUATION_FRACTION = fractionKey(
            "greentrain.text.quality.min-line-punctuation-fraction",
            "Smallest share of lines ending in terminal punctuation (FineWeb: 0.12).");
    public static final ConfigKey<Double> QUALITY_MAX_SHORT_LINE_FRACTION = fractionKey(
            "greentrain.text.quality.max-short-line-fraction",
            "Largest share of lines of at most short-line-chars characters (FineWeb: 0.67).");
    public static final ConfigKey<Integer> QUALITY_SHORT_LINE_CHARS = intKey("greentrain.text.quality.short-line-chars",
            "What counts as a short line for max-short-line-fraction, characters (FineWeb: 30).");
    public static final ConfigKey<Double> QUALITY_UNSPACED_SCRIPT_SHARE = fractionKey(
            "greentrain.text.quality.unspaced.script-share",
            "Share of units in unspaced scripts (Han, kana, Thai, ...) from which a document is measured in "
                    + "characters instead of words; each unspaced letter is one unit, each run of other letters and "
                    + "digits one.");
    public static final ConfigKey<Integer> QUALITY_UNSPACED_MIN_CHARS = intKey("greentrain.text.quality.unspaced.min-chars", 0,
            "Fewest letters an unspaced-script document may have (a 4-line, 5-character quatrain has 20).");
    public static final ConfigKey<Integer> QUALITY_UNSPACED_MAX_CHARS = intKey("greentrain.text.quality.unspaced.max-chars",
            "Most letters an unspaced-script document may have.");
    public static final ConfigKey<Integer> QUALITY_UNSPACED_MIN_CHARS_QUOTED = intKey(
            "greentrain.text.quality.unspaced.min-chars-quoted", 0,
            "Fewest letters of an unspaced-script quotation, a document with an attribution line such as \"-- 論語\" "
                    + "(the line not counted); a four-character idiom has 4.");
    public static final ConfigKey<List<Double>> QUALITY_UNSPACED_MAX_TOP_NGRAM_CHAR_FRACTION = fractionListKey(
            "greentrain.text.quality.unspaced.max-top-ngram-char-fraction", 3,
            "For n = 2, 3, 4: largest share of characters covered by the most frequent character n-gram of an "
                    + "unspaced-script document (2n / 10: one repetition passes in the shortest document; checked on the "
                    + "labelled evaluation set).");
    public static final ConfigKey<List<Double>> QUALITY_UNSPACED_MAX_DUPLICATE_NGRAM_CHAR_FRACTION = fractionListKey(
            "greentrain.text.quality.unspaced.max-duplicate-ngram-char-fraction", 6,
            "For n = 5 to 10: largest share of characters in character n-grams that occur more than once in an "
                    + "unspaced-script document (Gopher's, kept after measuring).");
    public static final ConfigKey<Double> QUALITY_CHINESE_MIN_STOP_WORD_SHARE = fractionKey(
            "greentrain.text.quality.chinese.min-stop-word-share",
            "Chinese stop words a Chinese document needs per character, in whole stop words (0.005: one per full 200 "
                    + "characters, none under 200); 0 turns the rule off.");
    public static final ConfigKey<List<String>> QUALITY_CHINESE_STOP_WORDS = key("greentrain.text.quality.chinese.stop-words")
            .doc("The Chinese stop words counted by chinese.min-stop-word-share, single characters (default: the "
                    + "function characters of modern and classical Chinese, traditional and simplified).")
            .readWith(ValueReader.listOf(ValueReader.STRING.check(ValueCheck.of(
                    v -> v.codePointCount(0, v.length()) == 1, v -> "must be a single character, got '" + v + "'")),
                    "list of strings"))
            .create();

    // ---- deduplication ----

    public static final ConfigKey<Boolean> DEDUP_EXACT = key("greentrain.text.dedup.exact")
            .doc("Whether exact duplicates (same SHA-256 of the normalised text) are removed; the smallest doc_id is kept.")
            .booleanConf()
            .create();
    public static final ConfigKey<Boolean> DEDUP_NEAR = key("greentrain.text.dedup.near")
            .doc("Whether near duplicates are removed: MinHash with banding, candidates verified by exact Jaccard, "
                    + "clusters by connected components, the smallest doc_id of each cluster kept.")
            .booleanConf()
            .create();
    public static final ConfigKey<Integer> DEDUP_WORD_SHINGLE = intKey("greentrain.text.dedup.word-shingle",
            "Shingle size in words for spaced scripts.");
    public static final ConfigKey<Integer> DEDUP_CHAR_SHINGLE = intKey("greentrain.text.dedup.char-shingle",
            "Shingle size in characters for unspaced scripts.");
    public static final ConfigKey<Integer> DEDUP_BANDS = intKey("greentrain.text.dedup.bands",
            "LSH bands; with rows r a pair of Jaccard J becomes a candidate with probability 1 - (1 - J^r)^bands "
                    + "(25 x 4: 0.999 at J = 0.7, 0.5 at J = 0.45; verification removes the candidates below the "
                    + "threshold).");
    public static final ConfigKey<Integer> DEDUP_ROWS = intKey("greentrain.text.dedup.rows",
            "MinHash values per band; bands x rows min-hashes are computed per document.");
    public static final ConfigKey<Double> DEDUP_JACCARD_THRESHOLD = key("greentrain.text.dedup.jaccard-threshold")
            .doc("Candidate pairs are merged only when the exact Jaccard similarity of their shingle sets is at least this.")
            .doubleConf()
            .check(ValueCheck.of(v -> v > 0 && v <= 1, v -> "must be greater than 0 and at most 1, got " + v))
            .create();
    public static final ConfigKey<Long> DEDUP_SEED = key("greentrain.text.dedup.seed")
            .doc("Seed of the MinHash family; the same seed gives the same clusters.")
            .longConf()
            .create();
    public static final ConfigKey<Integer> DEDUP_MAX_BUCKET_SIZE = key("greentrain.text.dedup.max-bucket-size")
            .doc("A band bucket with more documents than this contributes only pairs of neighbours in doc_id order "
                    + "(linear, not quadratic); at least 2.")
            .intConf()
            .check(atLeast(2))
            .create();

    // ---- vocabulary and sequences ----

    public static final ConfigKey<Integer> VOCABULARY_MAX_SIZE = key("greentrain.text.vocabulary.max-size")
            .doc("Most ids in the character vocabulary, reserved ids (padding, unknown, document boundary) "
                    + "included; the most frequent characters win.")
            .intConf()
            .check(atLeast(4))
            .create();
    public static final ConfigKey<Long> VOCABULARY_MIN_COUNT = key("greentrain.text.vocabulary.min-count")
            .doc("Fewest occurrences a character needs for its own id; rarer ones encode as unknown.")
            .longConf()
            .check(ValueCheck.of(v -> v >= 1, v -> "must be at least 1, got " + v))
            .create();
    public static final ConfigKey<Integer> SEQUENCE_LENGTH = key("greentrain.text.sequence.length")
            .doc("Tokens per training sequence (the LSTM's unrolled length).")
            .intConf()
            .check(atLeast(2))
            .create();
    public static final ConfigKey<Double> SEQUENCE_HELD_OUT_FRACTION = key("greentrain.text.sequence.held-out-fraction")
            .doc("Share of documents, chosen by a seeded hash of doc_id, held out to measure perplexity.")
            .doubleConf()
            .check(strictlyBetweenZeroAndOne())
            .create();
    public static final ConfigKey<Long> SEQUENCE_SEED = key("greentrain.text.sequence.seed")
            .doc("Seed of the held-out choice and of the order of documents and sequences.")
            .longConf()
            .create();

    public static final ConfigKey<Long> SEQUENCE_MAX_CHARACTERS = key("greentrain.text.sequence.max-characters")
            .doc("0 uses every cleaned document. Otherwise a seeded sample of the cleaned documents of about this "
                    + "many characters (chosen by a hash of doc_id, so the same documents every run) becomes the "
                    + "vocabulary and sequences: for training on CPUs, where the whole corpus would take too long. "
                    + "The summary reports the documents and characters used out of those kept.")
            .longConf()
            .check(ValueCheck.of(v -> v >= 0, v -> "must not be negative, got " + v))
            .create();

    // ---- language model ----

    public static final ConfigKey<Integer> LM_EMBEDDING_SIZE = intKey("greentrain.lm.embedding-size",
            "Width of each character's learned embedding.");
    public static final ConfigKey<Integer> LM_LSTM_LAYERS = intKey("greentrain.lm.lstm-layers", "Stacked LSTM layers.");
    public static final ConfigKey<Integer> LM_LSTM_SIZE = intKey("greentrain.lm.lstm-size", "Units of each LSTM layer.");
    public static final ConfigKey<Double> LM_LEARNING_RATE = key("greentrain.lm.learning-rate")
            .doc("Adam's learning rate.")
            .doubleConf()
            .check(positive())
            .create();
    public static final ConfigKey<Double> LM_GRADIENT_CLIP = key("greentrain.lm.gradient-clip")
            .doc("Each gradient element is clipped to [-clip, clip].")
            .doubleConf()
            .check(positive())
            .create();
    public static final ConfigKey<Long> LM_SEED = key("greentrain.lm.seed")
            .doc("Seed of the initial weights and the trainer.")
            .longConf()
            .create();
    public static final ConfigKey<Boolean> LM_EVALUATE_EACH_EPOCH = key("greentrain.lm.evaluate-each-epoch")
            .doc("Whether held-out perplexity is measured after every epoch, not only at the end.")
            .booleanConf()
            .create();
    public static final ConfigKey<String> LM_SAMPLE_PROMPT = key("greentrain.lm.sample.prompt")
            .doc("The text the trained model continues in the printed sample; may be empty.")
            .stringConf()
            .create();
    public static final ConfigKey<Integer> LM_SAMPLE_LENGTH = key("greentrain.lm.sample.length")
            .doc("Characters sampled from the trained model; 0 for none.")
            .intConf()
            .check(atLeast(0))
            .create();
    public static final ConfigKey<Double> LM_SAMPLE_TEMPERATURE = key("greentrain.lm.sample.temperature")
            .doc("Sampling temperature: below 1 sharper, above 1 flatter, 0 always the most probable character.")
            .doubleConf()
            .check(notNegative())
            .create();
    public static final ConfigKey<Long> LM_SAMPLE_SEED = key("greentrain.lm.sample.seed")
            .doc("Seed of the sampling.")
            .longConf()
            .create();

    private TextKeys() {
    }

    /** The text and language-model keys, in the order defined above. */
    static List<ConfigKey<?>> all() {
        return Collections.unmodifiableList(REGISTERED);
    }

    /** How the corpus is read. */
    static ReaderSpec readerSpec(KeyValues values) {
        String idField = values.get(JSON_ID_FIELD);
        return new ReaderSpec(values.get(FORMAT), values.get(JSON_TEXT_FIELDS), idField.isBlank() ? null : idField,
                values.get(CHARSET), values.get(EMAIL_KEEP_SUBJECT),
                values.get(RECORD_SEPARATOR).isEmpty() ? null : values.get(RECORD_SEPARATOR),
                values.get(JSON_MAX_STRING_LENGTH));
    }

    static NormalizationSpec normalizationSpec(KeyValues values) {
        return new NormalizationSpec(values.get(NORMALIZE_FORM), values.get(NORMALIZE_HTML),
                values.get(NORMALIZE_KEEP_BLANK_LINES));
    }

    /** The quality filters in the order of {@code RemovalReason}, each with its thresholds from the keys. */
    static QualityFilters qualityFilters(KeyValues values) {
        GopherQualityThresholds gopherQuality = GopherQualityThresholds.builder()
                .minWords(values.get(QUALITY_MIN_WORDS))
                .maxWords(values.get(QUALITY_MAX_WORDS))
                .unspacedMinChars(values.get(QUALITY_UNSPACED_MIN_CHARS))
                .unspacedMaxChars(values.get(QUALITY_UNSPACED_MAX_CHARS))
                .minMeanWordLength(values.get(QUALITY_MIN_MEAN_WORD_LENGTH))
                .maxMeanWordLength(values.get(QUALITY_MAX_MEAN_WORD_LENGTH))
                .maxSymbolWordRatio(values.get(QUALITY_MAX_SYMBOL_WORD_RATIO))
                .maxBulletLineFraction(values.get(QUALITY_MAX_BULLET_LINE_FRACTION))
                .maxEllipsisLineFraction(values.get(QUALITY_MAX_ELLIPSIS_LINE_FRACTION))
                .minAlphaWordFraction(values.get(QUALITY_MIN_ALPHA_WORD_FRACTION))
                .minStopWords(values.get(QUALITY_MIN_STOP_WORDS))
                .stopWords(Set.copyOf(values.get(QUALITY_STOP_WORDS)))
                .unspacedMinCharsQuoted(values.get(QUALITY_UNSPACED_MIN_CHARS_QUOTED))
                .chineseMinStopWordShare(values.get(QUALITY_CHINESE_MIN_STOP_WORD_SHARE))
                .chineseStopWords(Set.copyOf(values.get(QUALITY_CHINESE_STOP_WORDS)))
                .build();
        C4Thresholds c4 = C4Thresholds.builder()
                .rejectLoremIpsum(values.get(QUALITY_REJECT_LOREM_IPSUM))
                .rejectCurlyBracket(values.get(QUALITY_REJECT_CURLY_BRACKET))
                .build();
        GopherRepetitionThresholds gopherRepetition = GopherRepetitionThresholds.builder()
                .maxDuplicateLineFraction(values.get(QUALITY_MAX_DUPLICATE_LINE_FRACTION))
                .maxDuplicateLineCharFraction(values.get(QUALITY_MAX_DUPLICATE_LINE_CHAR_FRACTION))
                .maxDuplicateParagraphFraction(values.get(QUALITY_MAX_DUPLICATE_PARAGRAPH_FRACTION))
                .maxDuplicateParagraphCharFraction(values.get(QUALITY_MAX_DUPLICATE_PARAGRAPH_CHAR_FRACTION))
                .maxTopNgramCharFraction(values.get(QUALITY_MAX_TOP_NGRAM_CHAR_FRACTION))
                .maxDuplicateNgramCharFraction(values.get(QUALITY_MAX_DUPLICATE_NGRAM_CHAR_FRACTION))
                .unspacedMaxTopNgramCharFraction(values.get(QUALITY_UNSPACED_MAX_TOP_NGRAM_CHAR_FRACTION))
                .unspacedMaxDuplicateNgramCharFraction(values.get(QUALITY_UNSPACED_MAX_DUPLICATE_NGRAM_CHAR_FRACTION))
                .build();
        FineWebThresholds fineWeb = FineWebThresholds.builder()
                .minLinePunctuationFraction(values.get(QUALITY_MIN_LINE_PUNCTUATION_FRACTION))
                .maxShortLineFraction(values.get(QUALITY_MAX_SHORT_LINE_FRACTION))
                .shortLineChars(values.get(QUALITY_SHORT_LINE_CHARS))
                .build();
        return new QualityFilters(values.get(QUALITY_UNSPACED_SCRIPT_SHARE), List.of(
                new GopherQualityFilter(gopherQuality), new C4QualityFilter(c4),
                new GopherRepetitionFilter(gopherRepetition), new FineWebQualityFilter(fineWeb)));
    }

    static DedupSpec dedupSpec(KeyValues values) {
        return new DedupSpec(values.get(DEDUP_EXACT), values.get(DEDUP_NEAR), values.get(DEDUP_WORD_SHINGLE),
                values.get(DEDUP_CHAR_SHINGLE), values.get(DEDUP_BANDS), values.get(DEDUP_ROWS),
                values.get(DEDUP_JACCARD_THRESHOLD), values.get(DEDUP_SEED), values.get(DEDUP_MAX_BUCKET_SIZE),
                DedupSpec.MAX_ITERATIONS_DEFAULT);
    }

    static VocabularySettings vocabularySettings(KeyValues values) {
        return new VocabularySettings(values.get(VOCABULARY_MAX_SIZE), values.get(VOCABULARY_MIN_COUNT));
    }

    static SequenceSettings sequenceSettings(KeyValues values, int batchSize) {
        return new SequenceSettings(values.get(SEQUENCE_LENGTH), batchSize, values.get(SEQUENCE_HELD_OUT_FRACTION),
                values.get(SEQUENCE_SEED));
    }

    private static ConfigKey.Builder key(String path) {
        return ConfigKey.builder(path, REGISTERED::add);
    }

    private static ConfigKey<Integer> intKey(String path, String doc) {
        return intKey(path, 1, doc);
    }

    private static ConfigKey<Integer> intKey(String path, int min, String doc) {
        return key(path).doc(doc + " At least " + min + ".").intConf().check(atLeast(min)).create();
    }

    private static ConfigKey<Double> doubleKey(String path, String doc) {
        return key(path).doc(doc).doubleConf().check(notNegative()).create();
    }

    private static ConfigKey<Double> fractionKey(String path, String doc) {
        return key(path).doc(doc + " Between 0 and 1.").doubleConf()
                .check(ValueCheck.of(v -> v >= 0 && v <= 1, v -> "must be between 0 and 1, got " + v)).create();
    }

    private static ConfigKey<List<Double>> fractionListKey(String path, int size, String doc) {
        return key(path).doc(doc + " Exactly " + size + " values between 0 and 1.")
                .readWith(ValueReader.listOf(ValueReader.DOUBLE.check(
                        ValueCheck.of(v -> v >= 0 && v <= 1, v -> "must be between 0 and 1, got " + v)), "list of doubles"))
                .check(ValueCheck.of(list -> list.size() == size, list -> "needs exactly " + size + " values, got " + list.size()))
                .create();
    }

    private static boolean isRegexOrEmpty(String regex) {
        try {
            java.util.regex.Pattern.compile(regex);
            return true;
        } catch (java.util.regex.PatternSyntaxException e) {
            return false;
        }
    }

    private static boolean isCharset(String name) {
        try {
            return java.nio.charset.Charset.isSupported(name);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
