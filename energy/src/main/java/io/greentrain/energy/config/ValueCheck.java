package io.greentrain.energy.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A rule that a value read from the configuration must satisfy. A failed check describes the
 * problem without naming the key ({@code "must be at least 1, got 0"}); the {@link ConfigEntry} (or
 * reader) that applies it puts the key in front. Checks are stateless and thread-safe.
 *
 * @param <T> the type of the checked value
 */
@FunctionalInterface
public interface ValueCheck<T> {

    /** Returns what is wrong with {@code value}, or empty when the value passes. */
    Optional<String> problemWith(T value);

    /** A check that passes when {@code passes} holds and otherwise reports {@code problem(value)}. */
    static <T> ValueCheck<T> of(Predicate<? super T> passes, Function<? super T, String> problem) {
        return value -> passes.test(value) ? Optional.empty() : Optional.of(problem.apply(value));
    }

    static ValueCheck<Integer> atLeast(int min) {
        return of(v -> v >= min, v -> "must be at least " + min + ", got " + v);
    }

    static ValueCheck<Double> atLeast(double min) {
        return of(v -> v >= min, v -> "must be at least " + min + ", got " + v);
    }

    /** At least {@code min}, which the problem shows as Spark writes times ({@code 10ms}). */
    static ValueCheck<Duration> notShorterThan(Duration min) {
        return of(v -> v.compareTo(min) >= 0, v -> "must be at least " + min.toMillis() + "ms");
    }

    static ValueCheck<Double> positive() {
        return of(v -> v > 0, v -> "must be greater than 0, got " + v);
    }

    static ValueCheck<Double> notNegative() {
        return of(v -> v >= 0, v -> "must not be negative, got " + v);
    }

    /** The open interval (0, 1). */
    static ValueCheck<Double> strictlyBetweenZeroAndOne() {
        return of(v -> v > 0 && v < 1, v -> "must be greater than 0 and less than 1, got " + v);
    }

    /** The half-open interval [0, 1). */
    static ValueCheck<Double> atLeastZeroAndBelowOne() {
        return of(v -> v >= 0 && v < 1, v -> "must be at least 0 and less than 1, got " + v);
    }

    static ValueCheck<String> notBlank() {
        return of(v -> !v.isBlank(), v -> "must not be blank");
    }

    /** Exact, case-sensitive membership; the problem lists the allowed values. */
    static ValueCheck<String> oneOf(List<String> allowed) {
        return of(allowed::contains, v -> "must be one of " + String.join(", ", allowed) + ", got '" + v + "'");
    }

    static <E> ValueCheck<List<E>> notEmpty() {
        return of(v -> !v.isEmpty(), v -> "must not be empty");
    }

    static <E> ValueCheck<List<E>> noDuplicates() {
        return list -> {
            Set<E> seen = new HashSet<>();
            for (E element : list) {
                if (!seen.add(element)) {
                    return Optional.of("lists '" + element + "' more than once");
                }
            }
            return Optional.empty();
        };
    }
}
