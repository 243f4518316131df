package io.greentrain.jobs;

import io.greentrain.jobs.config.JobConfig;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** What every step of a job works with. Driver-only; not meant to be serialized. */
public record JobContext(SparkSession spark, JobConfig config, RunLayout layout, Progress progress) {

    public JavaSparkContext jsc() {
        return JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    public Configuration hadoopConf() {
        return spark.sparkContext().hadoopConfiguration();
    }
}
