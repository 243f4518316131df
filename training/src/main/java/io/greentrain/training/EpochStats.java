package io.greentrain.training;

/**
 * What one training epoch did.
 *
 * @param epoch            1-based epoch number
 * @param trainLoss        the workers' mean minibatch score in the epoch's last averaging round,
 *                         as DL4J reports it: MSE on the encoded target for the regression
 *                         networks; for recurrent outputs the loss summed over time steps
 * @param seconds          wall-clock seconds the epoch took
 * @param examples         training examples fitted in the epoch, as counted on the workers
 * @param iterations       minibatch fit steps in the epoch, over all workers (-1 when not counted)
 * @param startupSeconds   the part of {@code seconds} spent on one-time start-up that a later epoch
 *                         does not repeat: listing the minibatch files, building the workers'
 *                         replicas and loading their minibatches (0 when none, or not measured)
 */
public record EpochStats(int epoch, double trainLoss, double seconds, long examples, long iterations,
                         double startupSeconds) {

    public EpochStats {
        if (startupSeconds < 0 || startupSeconds > seconds) {
            startupSeconds = Math.max(0, Math.min(startupSeconds, seconds));
        }
    }

    /** Stats of an epoch without one-time start-up. */
    public EpochStats(int epoch, double trainLoss, double seconds, long examples, long iterations) {
        this(epoch, trainLoss, seconds, examples, iterations, 0);
    }

    /** Stats without an iteration count. */
    public EpochStats(int epoch, double trainLoss, double seconds, long examples) {
        this(epoch, trainLoss, seconds, examples, -1);
    }

    /** Training examples per second of wall-clock time. */
    public double examplesPerSecond() {
        return seconds > 0 ? examples / seconds : 0;
    }
}
