package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.jobs.config.JobConfig;
import io.greentrain.preprocessing.features.FeatureConverter;
import io.greentrain.preprocessing.tabular.CleaningResult;
import io.greentrain.preprocessing.tabular.TabularCleaner;
import io.greentrain.testsupport.LocalSpark;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * A step with a small input has its queries interpreted rather than compiled, and planned once with one shuffle
 * partition: only then, never over a setting the application gives, the session's settings restored after the
 * step, and the same rows out either way.
 */
class SmallInputQueriesTest {

    private static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
    private static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";
    private static final String ADAPTIVE = "spark.sql.adaptive.enabled";
    private static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";

    @Test
    void aSmallInputHasItsQueriesInterpreted() {
        assertThat(SmallInputQueries.settingsFor(OptionalLong.of(900_000), new SparkConf(false)))
                .isEqualTo(Map.of(WHOLE_STAGE, "false", FACTORY_MODE, "NO_CODEGEN", ADAPTIVE, "false",
                        SHUFFLE_PARTITIONS, "1"));
        assertThat(SmallInputQueries.settingsFor(OptionalLong.of(SmallInputQueries.MAX_INPUT_BYTES),
                new SparkConf(false))).hasSize(4);
    }

    @Test
    void aLargeOrUnknownInputKeepsSparksSettings() {
        assertThat(SmallInputQueries.settingsFor(OptionalLong.of(SmallInputQueries.MAX_INPUT_BYTES + 1),
                new SparkConf(false))).isEmpty();
        assertThat(SmallInputQueries.settingsFor(OptionalLong.empty(), new SparkConf(false))).isEmpty();
    }

    @Test
    void aSettingTheApplicationGivesIsLeftAsGiven() {
        SparkConf given = new SparkConf(false).set(WHOLE_STAGE, "true").set(SHUFFLE_PARTITIONS, "8");
        assertThat(SmallInputQueries.settingsFor(OptionalLong.of(1_000), given))
                .isEqualTo(Map.of(FACTORY_MODE, "NO_CODEGEN", ADAPTIVE, "false"));
    }

    @Test
    void closingRestoresTheSessionsSettings() {
        SparkSession spark = LocalSpark.session("greentrain-jobs-tests");
        spark.conf().set(WHOLE_STAGE, "true");
        String partitionsBefore = spark.conf().get(SHUFFLE_PARTITIONS);
        try {
            try (SmallInputQueries queries = SmallInputQueries.apply(spark, OptionalLong.of(1_000))) {
                assertThat(queries.applied()).isTrue();
                assertThat(spark.conf().get(WHOLE_STAGE)).isEqualTo("false");
                assertThat(spark.conf().get(FACTORY_MODE)).isEqualTo("NO_CODEGEN");
                assertThat(spark.conf().get(ADAPTIVE)).isEqualTo("false");
                assertThat(spark.conf().get(SHUFFLE_PARTITIONS)).as("the test session's configuration sets it")
                        .isEqualTo(partitionsBefore);
            }
            assertThat(spark.conf().get(SHUFFLE_PARTITIONS)).isEqualTo(partitionsBefore);
            assertThat(spark.conf().get(WHOLE_STAGE)).isEqualTo("true");
            assertThat(spark.conf().contains(FACTORY_MODE)).as("a setting the session did not have is unset again")
                    .isFalse();
            try (SmallInputQueries queries = SmallInputQueries.apply(spark, OptionalLong.of(1L << 40))) {
                assertThat(queries.applied()).isFalse();
                assertThat(spark.conf().get(WHOLE_STAGE)).isEqualTo("true");
            }
        } finally {
            spark.conf().unset(WHOLE_STAGE);
        }
    }

    /** The Ames example cleaned and converted with compiled and with interpreted queries: the same rows. */
    @Test
    void cleanAndConvertGiveTheSameRowsInterpretedAsCompiled() {
        SparkSession spark = LocalSpark.session("greentrain-jobs-tests");
        JobConfig config = JobConfig.load(AmesPipelineEndToEndTest.AMES_CONF, List.of(), new Configuration());
        Outputs compiled = cleanAndConvert(spark, config);
        Outputs interpreted;
        try (SmallInputQueries queries = SmallInputQueries.apply(spark, OptionalLong.of(1_000))) {
            assertThat(queries.applied()).isTrue();
            interpreted = cleanAndConvert(spark, config);
        }
        // A plan prints an operator inside compiled whole-stage code as "*(n) Operator".
        assertThat(compiled.plan()).contains("*(1) Filter");
        assertThat(interpreted.plan()).contains("Filter").doesNotContain("*(");
        assertThat(compiled.examplesPlan()).contains("AdaptiveSparkPlan");
        assertThat(interpreted.examplesPlan()).doesNotContain("AdaptiveSparkPlan");
        assertThat(compiled.kept()).hasSizeGreaterThan(2_800);
        assertThat(compiled.quarantine()).isNotEmpty();
        assertThat(interpreted.kept()).isEqualTo(compiled.kept());
        assertThat(interpreted.quarantine()).isEqualTo(compiled.quarantine());
        assertThat(interpreted.duplicates()).isEqualTo(compiled.duplicates());
        assertThat(interpreted.examples()).hasSize(compiled.examples().size()).isEqualTo(compiled.examples());
    }

    private record Outputs(String plan, String examplesPlan, List<String> kept, List<String> quarantine, List<String> duplicates,
                           List<String> examples) {
    }

    private static Outputs cleanAndConvert(SparkSession spark, JobConfig config) {
        CleaningResult result = TabularCleaner.clean(spark, List.of(AmesPipelineEndToEndTest.AMES_CSV),
                config.cleaningSpec());
        try {
            Function<Dataset<Row>, List<String>> rows = dataset -> dataset
                    .orderBy(TabularCleaner.SOURCE_FILE, TabularCleaner.SOURCE_OFFSET).collectAsList().stream()
                    .map(Row::toString).toList();
            FeatureConverter.Conversion conversion = FeatureConverter.convert(result.kept(), config.featureSpec());
            Dataset<Row> bySplit = conversion.examples().groupBy(FeatureConverter.SPLIT).count();
            return new Outputs(result.kept().queryExecution().executedPlan().toString(),
                    bySplit.queryExecution().executedPlan().toString(), rows.apply(result.kept()),
                    rows.apply(result.quarantine()), rows.apply(result.duplicates()),
                    rows.apply(conversion.examples()));
        } finally {
            result.release();
        }
    }
}
