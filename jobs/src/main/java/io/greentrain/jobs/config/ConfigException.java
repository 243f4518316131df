package io.greentrain.jobs.config;

/**
 * A mistake in the job configuration, found before any work starts. The message is one line that
 * names the key, file or override at fault and what is wrong with it, e.g.
 * {@code greentrain.train.epochs: must be at least 1, got 0}; entry points print it as it is and
 * exit with code 2.
 *
 * <p>Line breaks in a message (Typesafe Config puts some in its own) are folded into spaces, so
 * the one-line promise holds whatever the cause.
 */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(oneLine(message));
    }

    /** Keeps {@code cause} for debugging; the message alone must still make sense to a user. */
    public ConfigException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
