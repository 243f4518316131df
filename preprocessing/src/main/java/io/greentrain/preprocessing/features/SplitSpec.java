package io.greentrain.preprocessing.features;

import java.io.Serializable;

/**
 * Fractions of the rows that go to the train, validation and test splits, and the seed that makes
 * the assignment repeatable. A row's split depends only on its id and the seed, never on how the
 * data is partitioned, so re-running gives the same split.
 */
public record SplitSpec(double train, double validation, double test, long seed) implements Serializable {

    public SplitSpec {
        if (train <= 0 || validation < 0 || test <= 0) {
            throw new IllegalArgumentException("split fractions must be positive (validation may be 0)");
        }
        if (Math.abs(train + validation + test - 1.0) > 1e-9) {
            throw new IllegalArgumentException(
                    "split fractions must add up to 1, not " + (train + validation + test));
        }
    }
}
