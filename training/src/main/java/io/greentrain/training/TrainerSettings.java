package io.greentrain.training;

import java.io.Serializable;

/**
 * How parameter-averaging training runs.
 *
 * @param epochs             passes over the training minibatches
 * @param workers            parallel workers (executor task slots) that each train a copy of the network
 * @param batchSizePerWorker examples per minibatch on a worker; also the size of each minibatch file
 * @param averagingFrequency minibatches each worker fits between two parameter averagings
 * @param prefetchBatches    minibatches each worker loads ahead asynchronously (0 turns it off)
 * @param saveUpdater        whether the updater state (Adam's moments) is averaged and kept too
 */
public record TrainerSettings(int epochs, int workers, int batchSizePerWorker, int averagingFrequency,
                              int prefetchBatches, boolean saveUpdater) implements Serializable {

    public TrainerSettings {
        if (epochs < 1 || workers < 1 || batchSizePerWorker < 1 || averagingFrequency < 1) {
            throw new IllegalArgumentException("epochs, workers, batch size and averaging frequency must be at least 1");
        }
        if (prefetchBatches < 0) {
            throw new IllegalArgumentException("prefetch batches must not be negative");
        }
    }
}
