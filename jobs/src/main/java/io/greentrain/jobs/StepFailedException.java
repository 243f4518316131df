package io.greentrain.jobs;

/**
 * Whatever a step threw (an {@link Error} such as Hadoop's {@code FSError} included), with the name
 * of the step, so that {@link JobFailure} can name it. The steps committed before it are kept and
 * recorded in {@code summary.json} before this is thrown.
 */
final class StepFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String step;

    StepFailedException(String step, Throwable cause) {
        super(step + " failed: " + cause, cause);
        this.step = step;
    }

    /** The step that failed. */
    String step() {
        return step;
    }
}
