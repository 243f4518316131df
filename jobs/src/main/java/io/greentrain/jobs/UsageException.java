package io.greentrain.jobs;

/** A command line that cannot be understood; its message is one line for the user (exit code 2). */
public final class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
