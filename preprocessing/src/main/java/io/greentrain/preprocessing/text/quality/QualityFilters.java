package io.greentrain.preprocessing.text.quality;

import io.greentrain.preprocessing.text.RemovalReason;
import java.io.Serializable;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The ordered chain of {@link TextFilter}s the cleaner applies to every normalised document. A blank document is
 * {@link RemovalReason#EMPTY} before any filter runs; otherwise the document is classified by script
 * ({@link ScriptClass#of(String, double)} with {@code unspacedScriptShare}) and the filters run in list order, the
 * first failure deciding. {@link #defaults()} lists them in the order of {@link RemovalReason}: Gopher quality, C4,
 * Gopher repetition, FineWeb. What applies to which script class is documented on each filter.
 *
 * <p>Immutable, serializable and thread-safe: built on the driver, used by every executor task.
 *
 * @param unspacedScriptShare share of a document's letters in unspaced scripts from which it is measured in characters
 *                            ({@link ScriptClass#UNSPACED_SHARE_DEFAULT} by default)
 * @param filters             the filters in the order they run; no two may own the same reason
 */
public record QualityFilters(double unspacedScriptShare, List<TextFilter> filters) implements Serializable {

    public QualityFilters {
        filters = List.copyOf(filters);
        Map<RemovalReason, String> owners = new EnumMap<>(RemovalReason.class);
        for (TextFilter filter : filters) {
            for (RemovalReason reason : filter.reasons()) {
                String previous = owners.putIfAbsent(reason, filter.name());
                if (previous != null || reason == RemovalReason.EMPTY) {
                    throw new IllegalArgumentException("reason " + reason.code() + " of filter " + filter.name()
                            + " is already owned by " + Objects.requireNonNullElse(previous, "the chain (empty text)"));
                }
            }
        }
    }

    /** The published filters with their published thresholds, in the order of {@link RemovalReason}. */
    public static QualityFilters defaults() {
        return new QualityFilters(ScriptClass.UNSPACED_SHARE_DEFAULT, List.of(GopherQualityFilter.defaults(),
                C4QualityFilter.defaults(), GopherRepetitionFilter.defaults(), FineWebQualityFilter.defaults()));
    }

    /** The same filters classifying scripts with another share. */
    public QualityFilters withUnspacedScriptShare(double share) {
        return new QualityFilters(share, filters);
    }

    /** The verdict on a normalised text: empty, the first failing filter's reason and detail, or passed. */
    public QualityVerdict evaluate(String text) {
        if (text == null || text.isBlank()) {
            return new QualityVerdict(ScriptClass.SPACED, RemovalReason.EMPTY, "no text after normalisation");
        }
        TextDocument document = TextDocument.of(text, unspacedScriptShare);
        for (TextFilter filter : filters) {
            FilterResult result = filter.check(document);
            if (!result.kept()) {
                if (!filter.reasons().contains(result.reason())) {
                    throw new IllegalStateException("filter " + filter.name() + " returned " + result.reason().code()
                            + ", which is not among its reasons " + filter.reasons());
                }
                return new QualityVerdict(document.script(), result.reason(), result.detail());
            }
        }
        return new QualityVerdict(document.script(), null, null);
    }
}
