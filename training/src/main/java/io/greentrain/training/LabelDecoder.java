package io.greentrain.training;

import java.io.Serializable;

/** Maps a network's output back to the label's own units (dollars, say). Shipped to executors. */
@FunctionalInterface
public interface LabelDecoder extends Serializable {

    double decode(double networkOutput);
}
