package io.greentrain.training.allreduce;

/**
 * A worker of an allreduce ring failed, disconnected or did not answer in time; the message names
 * the worker and its address. The ring is unusable afterwards: the training task fails, and Spark
 * retries the whole barrier stage.
 */
public final class AllreduceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public AllreduceException(String message) {
        super(message);
    }

    public AllreduceException(String message, Throwable cause) {
        super(message, cause);
    }
}
