package io.greentrain.preprocessing.text.tokenize;

import static io.greentrain.preprocessing.ColumnNames.quoted;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Splits documents into train and held-out by a seeded hash of their id: a document's split depends
 * only on its id, the seed and the fraction, never on partitioning or order, so re-running (or
 * adding documents) keeps every existing document where it was.
 */
public final class CorpusSplit {

    /** The document id column of a cleaned corpus. */
    public static final String DOC_ID = "doc_id";
    /** The document text column of a cleaned corpus. */
    public static final String TEXT = "text";

    private static final long BUCKETS = 1_000_000L;

    private CorpusSplit() {
    }

    /** True for the documents held out by {@code settings}. */
    public static Column isHeldOut(SequenceSettings settings) {
        Column unit = pmod(xxhash64(lit(settings.seed()), quoted(DOC_ID)), lit(BUCKETS)).divide((double) BUCKETS);
        return unit.lt(settings.heldOutFraction());
    }

    /** The documents of {@code corpus} used for training. */
    public static Dataset<Row> train(Dataset<Row> corpus, SequenceSettings settings) {
        return corpus.filter(isHeldOut(settings).unary_$bang());
    }

    /** The documents of {@code corpus} held out for evaluation. */
    public static Dataset<Row> heldOut(Dataset<Row> corpus, SequenceSettings settings) {
        return corpus.filter(isHeldOut(settings));
    }
}
