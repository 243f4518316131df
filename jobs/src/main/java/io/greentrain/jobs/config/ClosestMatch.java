package io.greentrain.jobs.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Finds the known name a misspelt one was probably meant to be, for "did you mean" hints. */
final class ClosestMatch {

    private ClosestMatch() {
    }

    /**
     * The candidate nearest to {@code input} by edit distance (insertions, deletions and
     * substitutions), if it is close: at most {@code max(2, length of input's last path segment / 3)}
     * edits away. Ties go to the candidate listed first.
     */
    static Optional<String> among(Collection<String> candidates, String input) {
        int allowedEdits = Math.max(2, lastSegment(input).length() / 3);
        return candidates.stream()
                .min(Comparator.comparingInt(candidate -> editDistance(input, candidate)))
                .filter(best -> editDistance(input, best) <= allowedEdits);
    }

    /** {@code " (did you mean 'x'?)"} when a close candidate exists, otherwise the empty string. */
    static String hint(Collection<String> candidates, String input) {
        return among(candidates, input).map(best -> " (did you mean '" + best + "'?)").orElse("");
    }

    private static String lastSegment(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /** Levenshtein distance, two rows at a time. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
