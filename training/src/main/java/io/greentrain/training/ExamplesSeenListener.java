package io.greentrain.training;

import java.io.Serializable;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * A DL4J listener that runs on the workers and counts, through Spark accumulators, the minibatches
 * and examples each fit step really processed. The driver reads the totals after each epoch, so
 * figures such as joules per training example rest on counted examples, not on expected ones.
 */
final class ExamplesSeenListener extends BaseTrainingListener implements Serializable {

    private final LongAccumulator examples;
    private final LongAccumulator iterations;

    ExamplesSeenListener(LongAccumulator examples, LongAccumulator iterations) {
        this.examples = examples;
        this.iterations = iterations;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        examples.add(model.batchSize());
        iterations.add(1);
    }
}
