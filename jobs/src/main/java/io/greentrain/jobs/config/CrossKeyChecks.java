package io.greentrain.jobs.config;

import static io.greentrain.jobs.config.GreentrainKeys.CLEAN_COLUMNS;
import static io.greentrain.jobs.config.GreentrainKeys.CLEAN_OUTLIERS;
import static io.greentrain.jobs.config.GreentrainKeys.FEATURES_SPLIT_TEST;
import static io.greentrain.jobs.config.GreentrainKeys.FEATURES_SPLIT_TRAIN;
import static io.greentrain.jobs.config.GreentrainKeys.FEATURES_SPLIT_VALIDATION;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_OUTER_LEARNING_RATE;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_OUTER_MOMENTUM;
import static io.greentrain.jobs.config.GreentrainKeys.TRAIN_SYNC;

import io.greentrain.preprocessing.tabular.ColumnSpec;
import io.greentrain.preprocessing.tabular.OutlierRule;
import io.greentrain.training.allreduce.AllreduceSettings;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/** Checks that need more than one key: values that are each valid but do not fit together. */
final class CrossKeyChecks {

    /** The same tolerance as {@code SplitSpec}, so whatever passes here passes there. */
    private static final double SPLIT_SUM_TOLERANCE = 1e-9;

    private CrossKeyChecks() {
    }

    /** The train, validation and test fractions add up to 1. */
    static void checkSplitAddsUpToOne(KeyValues values) {
        double train = values.get(FEATURES_SPLIT_TRAIN);
        double validation = values.get(FEATURES_SPLIT_VALIDATION);
        double test = values.get(FEATURES_SPLIT_TEST);
        double sum = train + validation + test;
        if (Math.abs(sum - 1.0) > SPLIT_SUM_TOLERANCE) {
            String shownSum = BigDecimal.valueOf(sum).setScale(9, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
            throw new ConfigException("greentrain.features.split: train, validation and test must add up to 1, got "
                    + train + " + " + validation + " + " + test + " = " + shownSum);
        }
    }

    /** The outer step's keys keep their plain-averaging values unless the sync mode is local SGD. */
    static void checkOuterStepNeedsLocalSgd(KeyValues values) {
        boolean outerStep = values.get(TRAIN_OUTER_LEARNING_RATE) != AllreduceSettings.PLAIN_AVERAGING_LEARNING_RATE
                || values.get(TRAIN_OUTER_MOMENTUM) != AllreduceSettings.PLAIN_AVERAGING_MOMENTUM;
        if (outerStep && !values.get(TRAIN_SYNC).equals("local-sgd")) {
            throw new ConfigException(TRAIN_OUTER_LEARNING_RATE.path() + " and " + TRAIN_OUTER_MOMENTUM.path()
                    + " set an outer step, which needs " + TRAIN_SYNC.path() + " = local-sgd, not "
                    + values.get(TRAIN_SYNC));
        }
    }

    /** Every outlier rule looks at a declared numeric column. */
    static void checkOutlierColumns(KeyValues values) {
        List<ColumnSpec> columns = values.get(CLEAN_COLUMNS);
        List<OutlierRule> outliers = values.get(CLEAN_OUTLIERS);
        for (int i = 0; i < outliers.size(); i++) {
            String where = CLEAN_OUTLIERS.path() + "[" + i + "].column";
            ColumnSpec column = DeclaredColumns.require(columns, outliers.get(i).column(), where);
            if (!column.type().isNumeric()) {
                throw new ConfigException(where + ": column '" + column.name() + "' has type "
                        + column.type().configName() + "; outlier rules need a numeric column");
            }
        }
    }
}
