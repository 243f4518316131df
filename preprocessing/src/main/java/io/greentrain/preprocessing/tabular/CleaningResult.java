package io.greentrain.preprocessing.tabular;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.LogicalRDD;

/**
 * The three disjoint outputs of cleaning, and the report that counts them. The datasets are backed
 * by a locally checkpointed classification of the input (rows kept on the executors: all of them, and
 * those not kept apart), so writing all three reads the input once; call {@link #release()} when they
 * have been written.
 *
 * @param kept        cleaned rows: {@code _source_file}, {@code _source_offset}, then the declared columns
 * @param quarantine  rejected rows: {@code _source_file}, {@code _source_offset}, {@code reason},
 *                    {@code detail}, {@code raw_line}
 * @param duplicates  removed duplicates: {@code _source_file}, {@code _source_offset},
 *                    {@code duplicate_of_file}, {@code duplicate_of_offset}, {@code raw_line}
 * @param report      the reconciled counts
 * @param checkpoints the checkpointed datasets the three read
 */
public record CleaningResult(Dataset<Row> kept, Dataset<Row> quarantine, Dataset<Row> duplicates,
                             CleaningReport report, List<Dataset<Row>> checkpoints) {

    /** Drops the kept rows of the classification behind the three datasets; they cannot be read afterwards. */
    public void release() {
        for (Dataset<Row> checkpoint : checkpoints) {
            checkpoint.queryExecution().analyzed().collectLeaves().foreach(leaf -> {
                if (leaf instanceof LogicalRDD checkpointed) {
                    checkpointed.rdd().unpersist(false);
                }
                return null;
            });
        }
    }
}
