package io.greentrain.jobs;

import io.greentrain.jobs.config.ConfigException;
import io.greentrain.preprocessing.UnreadableInputException;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.fs.FSError;

/**
 * What the user sees when a job fails: one {@code error:} line and an exit code. A failure is the
 * input's or the user's fault (exit {@link JobRunner#BAD_USAGE}) when our own code said so on the
 * driver ({@link IllegalArgumentException}, {@link ConfigException}, {@link UsageException}) or when
 * an input file could not be read to its end ({@link UnreadableInputException}, found anywhere in
 * the cause chain of a Spark failure); everything else, {@link Error}s such as Hadoop's
 * {@link FSError} included, is a fault of the run (exit {@link JobRunner#FAILED}) whose line names
 * the step and the deepest cause, and whose stack trace belongs in the log, not on the terminal.
 *
 * @param exitCode {@link JobRunner#BAD_USAGE} or {@link JobRunner#FAILED}
 * @param line     the one line, starting with {@code error: }
 * @param internal whether the failure is not the user's: its trace should be logged
 */
public record JobFailure(int exitCode, String line, boolean internal) {

    /**
     * Classifies {@code failure}, raised while {@code job} ran {@code step}.
     *
     * @param step the step that was running, or empty when the failure came before or after the steps
     */
    public static JobFailure of(String job, Optional<String> step, Throwable failure) {
        Optional<UnreadableInputException> unreadable = find(failure, UnreadableInputException.class);
        if (unreadable.isPresent()) {
            return userFault(unreadable.get().getMessage());
        }
        if (failure instanceof IllegalArgumentException || failure instanceof ConfigException
                || failure instanceof UsageException) {
            return userFault(failure.getMessage());
        }
        Throwable cause = deepest(failure);
        String where = step.map(s -> job + " failed in step " + s).orElse(job + " failed");
        String hint = outOfSpace(failure) ? " (the output file system is full or failing: free space and run the "
                + "job again; finished steps are kept and skipped)" : "";
        return new JobFailure(JobRunner.FAILED, oneLine("error: " + where + ": " + describe(cause) + hint), true);
    }

    private static JobFailure userFault(String message) {
        return new JobFailure(JobRunner.BAD_USAGE, oneLine("error: " + message), false);
    }

    /** Whether the failure says that a disk or file system ran out of space. */
    static boolean outOfSpace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof FSError || message.contains("no space left") || message.contains("disk quota")) {
                return true;
            }
        }
        return false;
    }

    private static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    private static Throwable deepest(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /** The first line of {@code text}: a Spark message carries its driver stack trace after the first line. */
    private static String oneLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }
}
