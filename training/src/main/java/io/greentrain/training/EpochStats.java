package io.greentrain.training;

/**
 * What one training epoch did.
 *
 * @param epoch            1-based epoch number
 * @param trainLoss        the workers' mean minibatch loss (MSE on the encoded target) in the
 *                         epoch's last averaging round, as DL4J reports it
 * @param seconds          wall-clock seconds the epoch took
 * @param examples         training examples fitted in the epoch
 */
public record EpochStats(int epoch, double trainLoss, double seconds, long examples) {

    /** Training examples per second of wall-clock time. */
    public double examplesPerSecond() {
        return seconds > 0 ? examples / seconds : 0;
    }
}
