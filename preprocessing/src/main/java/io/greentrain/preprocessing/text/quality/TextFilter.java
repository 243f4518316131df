package io.greentrain.preprocessing.text.quality;

import io.greentrain.preprocessing.text.RemovalReason;
import java.io.Serializable;
import java.util.Set;

/**
 * One family of document quality rules, in the style of DataTrove's filters: it owns a fixed set of
 * {@link RemovalReason}s, checks its rules in a fixed order and reports the first that fails. Filters are composed
 * into an ordered chain by {@link QualityFilters}; the first failing filter decides, so every removed document has
 * exactly one reason.
 *
 * <p>Implementations are immutable values (records of their thresholds), are shipped to executors inside Spark
 * closures and are called from many threads at once: they must be serializable and thread-safe.
 */
public interface TextFilter extends Serializable {

    /** A short stable name, e.g. {@code "gopher_quality"}. */
    String name();

    /** The reasons {@link #check} may return, in the order it checks them. */
    Set<RemovalReason> reasons();

    /**
     * The verdict on one non-blank, normalised document.
     *
     * @return {@link FilterResult#KEEP}, or the first failing rule's reason (one of {@link #reasons()}) and detail
     */
    FilterResult check(TextDocument document);
}
