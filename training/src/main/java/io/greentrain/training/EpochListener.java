package io.greentrain.training;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * Called on the driver after each epoch, with the averaged network; may run Spark jobs (e.g.
 * validation). A listener that wants training to end early says so through {@link #stopRequested}.
 */
@FunctionalInterface
public interface EpochListener {

    void onEpochEnd(EpochStats stats, MultiLayerNetwork network);

    /**
     * Called once, before the first {@link #onEpochEnd}, when training resumes from a checkpoint:
     * {@code completed} are the stats of the epochs an earlier run finished, which are not trained
     * (nor reported through {@link #onEpochEnd}) again. Nothing by default.
     */
    default void onResume(java.util.List<EpochStats> completed) {
    }

    /**
     * Asked by the trainer right after each {@link #onEpochEnd}: whether to stop after this epoch
     * rather than run the next one. Never by default.
     */
    default boolean stopRequested() {
        return false;
    }
}
