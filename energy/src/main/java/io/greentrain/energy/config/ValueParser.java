package io.greentrain.energy.config;

import java.util.Optional;

/**
 * Turns one raw value, as a configuration source holds it ({@code S}: a string from Spark's
 * configuration, a HOCON value...), into a typed value. Implementations are stateless and
 * thread-safe.
 *
 * @param <S> the raw value's type, fixed by the source
 * @param <T> the typed value's type
 */
public interface ValueParser<S, T> {

    /** How the reference names the type, e.g. {@code "int"}, {@code "time"} or {@code "list of strings"}. */
    String typeDescription();

    /**
     * Parses {@code raw}, which sits at {@code where} (a key, or a place inside a value).
     *
     * @throws IllegalArgumentException with a one-line message starting with {@code where} when it does not parse
     */
    T parse(S raw, String where);

    /**
     * The raw value as an error message quotes it, e.g. {@code '5ms'}; empty when the source's
     * messages describe values themselves (the default).
     */
    default Optional<String> quote(S raw) {
        return Optional.empty();
    }
}
