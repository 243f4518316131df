package io.greentrain.preprocessing.text;

/**
 * Column names of the document datasets this package reads, annotates and writes.
 *
 * <ul>
 *   <li>{@link #DOC_ID} string: stable id, the hex of the first 128 bits of SHA-256 over {@code source + "#" + record_index};
 *       the same input file gives the same ids on every run.</li>
 *   <li>{@link #SOURCE} string: the qualified path of the file the document came from.</li>
 *   <li>{@link #RECORD_INDEX} long: the document's position in its file (JSON record, line number, 0 for a whole file).</li>
 *   <li>{@link #TEXT} string: the text (decoded by the reader, normalised by the cleaner).</li>
 *   <li>{@link #ENCODING_ERRORS} int: byte sequences that could not be decoded and were replaced by U+FFFD.</li>
 *   <li>{@link #ATTACHMENTS_DROPPED} int: non-text MIME parts left out (e-mail only, else 0).</li>
 *   <li>{@link #READ_ERROR} string: why the record could not be parsed (null when it could); such documents are
 *       removed with reason {@code unreadable}.</li>
 * </ul>
 * Annotation columns added by the cleaner: {@link #SCRIPT}, {@link #REASON}, {@link #DETAIL}, {@link #DUPLICATE_OF},
 * {@link #CLUSTER_ID}, {@link #SIMILARITY}.
 */
public final class TextColumns {

    public static final String DOC_ID = "doc_id";
    public static final String SOURCE = "source";
    public static final String RECORD_INDEX = "record_index";
    public static final String TEXT = "text";
    public static final String ENCODING_ERRORS = "encoding_errors";
    public static final String ATTACHMENTS_DROPPED = "attachments_dropped";
    public static final String READ_ERROR = "read_error";
    /** {@code spaced} or {@code unspaced}: see {@link io.greentrain.preprocessing.text.quality.ScriptClass}. */
    public static final String SCRIPT = "script";
    /** Removal reason code, null for kept documents. */
    public static final String REASON = "reason";
    /** Measured value against the threshold that failed, or how a duplicate was found. */
    public static final String DETAIL = "detail";
    /** For duplicates: the doc id of the kept document. */
    public static final String DUPLICATE_OF = "duplicate_of";
    /** For near duplicates: the cluster id (the doc id of its kept member). */
    public static final String CLUSTER_ID = "cluster_id";
    /** For near duplicates: the highest verified Jaccard similarity to another cluster member. */
    public static final String SIMILARITY = "similarity";

    private TextColumns() {
    }
}
