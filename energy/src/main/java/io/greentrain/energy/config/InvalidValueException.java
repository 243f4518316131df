package io.greentrain.energy.config;

/**
 * A configuration value that does not parse or fails a check. The message is one line that starts
 * with the key (or the place inside a value) and says what is wrong, e.g.
 * {@code spark.greentrain.energy.sampleInterval: invalid value '5ms': must be at least 10ms}.
 */
public final class InvalidValueException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidValueException(String message) {
        super(message);
    }

    public InvalidValueException(String message, Throwable cause) {
        super(message, cause);
    }
}
