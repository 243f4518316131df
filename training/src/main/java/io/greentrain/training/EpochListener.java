package io.greentrain.training;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Called on the driver after each epoch, with the averaged network; may run Spark jobs (e.g. validation). */
@FunctionalInterface
public interface EpochListener {

    void onEpochEnd(EpochStats stats, MultiLayerNetwork network);
}
