package io.greentrain.preprocessing.text;

import java.util.Arrays;
import java.util.List;

/**
 * Why a document was removed, in the fixed order the cleaner checks them: a document gets the FIRST reason that
 * applies, so every removed document is counted under exactly one reason. Reading comes first, then the quality
 * filters (Gopher quality, C4, Gopher repetition, FineWeb), then exact and near deduplication among the documents
 * that passed every filter.
 */
public enum RemovalReason {
    /** The record could not be parsed (invalid JSON, ...); its raw text is kept in the removed output. */
    UNREADABLE("unreadable"),
    /** Nothing left after normalisation. */
    EMPTY("empty"),
    TOO_FEW_WORDS("too_few_words"),
    TOO_MANY_WORDS("too_many_words"),
    MEAN_WORD_LENGTH("mean_word_length"),
    SYMBOL_RATIO("symbol_ratio"),
    BULLET_LINES("bullet_lines"),
    ELLIPSIS_LINES("ellipsis_lines"),
    ALPHA_WORDS("alpha_words"),
    STOP_WORDS("stop_words"),
    LOREM_IPSUM("lorem_ipsum"),
    CURLY_BRACKET("curly_bracket"),
    DUPLICATE_LINES("duplicate_lines"),
    DUPLICATE_LINE_CHARS("duplicate_line_chars"),
    DUPLICATE_PARAGRAPHS("duplicate_paragraphs"),
    DUPLICATE_PARAGRAPH_CHARS("duplicate_paragraph_chars"),
    TOP_NGRAM_2("top_ngram_2"),
    TOP_NGRAM_3("top_ngram_3"),
    TOP_NGRAM_4("top_ngram_4"),
    DUP_NGRAM_5("dup_ngram_5"),
    DUP_NGRAM_6("dup_ngram_6"),
    DUP_NGRAM_7("dup_ngram_7"),
    DUP_NGRAM_8("dup_ngram_8"),
    DUP_NGRAM_9("dup_ngram_9"),
    DUP_NGRAM_10("dup_ngram_10"),
    LINE_PUNCTUATION("line_punctuation"),
    SHORT_LINES("short_lines"),
    /** Same normalised text as a document with a smaller doc id. */
    EXACT_DUPLICATE("exact_duplicate"),
    /** In a near-duplicate cluster whose kept member (smallest doc id) is another document. */
    NEAR_DUPLICATE("near_duplicate");

    private final String code;

    RemovalReason(String code) {
        this.code = code;
    }

    /** The stable code written in the {@code reason} column and used as the folder name under {@code removed/}. */
    public String code() {
        return code;
    }

    /** Every code, in check order. */
    public static List<String> codes() {
        return Arrays.stream(values()).map(RemovalReason::code).toList();
    }

    /** The reason of {@code code}. */
    public static RemovalReason ofCode(String code) {
        for (RemovalReason reason : values()) {
            if (reason.code.equals(code)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown removal reason " + code + "; known: " + codes());
    }
}
