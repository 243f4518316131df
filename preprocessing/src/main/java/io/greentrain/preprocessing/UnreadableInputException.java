package io.greentrain.preprocessing;

/**
 * An input file that cannot be read to its end (a truncated or corrupt compressed file, bytes the
 * codec refuses): the input's fault, not the program's. Thrown inside Spark tasks; its message is
 * one line for the user naming the file and, where known, how many lines were read before the
 * damage. A job finds it in the cause chain of Spark's failure and exits with 2.
 */
public final class UnreadableInputException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UnreadableInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
