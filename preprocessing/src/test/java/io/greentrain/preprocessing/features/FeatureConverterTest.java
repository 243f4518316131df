package io.greentrain.preprocessing.features;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.greentrain.preprocessing.features.FeatureConverter.Conversion;
import io.greentrain.testsupport.LocalSpark;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.StringIndexerModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FeatureConverterTest {

    private static final int ROWS = 2_000;
    private static final SplitSpec SPLIT = new SplitSpec(0.7, 0.15, 0.15, 42);
    private static final FeatureSpec SPEC = new FeatureSpec("price", LabelTransformKind.LOG,
            List.of("area", "rooms"), List.of("zone"), List.of("area"), SPLIT, 32);

    private static SparkSession spark;
    private static Dataset<Row> houses;
    private static Conversion conversion;

    @BeforeAll
    static void convertHouses() {
        spark = LocalSpark.session("greentrain-preprocessing-tests");
        houses = cleanedHouses(ROWS);
        conversion = FeatureConverter.convert(houses, SPEC);
    }

    /**
     * Cleaned rows as the cleaner leaves them. Validation and test rows are shifted (area + 500,
     * rooms + 100) and some test rows have a zone {@code Z} that no train row has, so statistics
     * fitted on anything but the train split are easy to tell apart. Every 50th row (from 7) has
     * no zone and every 100th row (from 3) has no price.
     */
    private static Dataset<Row> cleanedHouses(int rows) {
        Column id = col("id");
        Column split = FeatureConverter.splitOf(SPLIT);
        Column trainRow = split.equalTo(FeatureConverter.TRAIN);
        Column area = lit(40.0).plus(pmod(id.multiply(7919), lit(1000)).divide(10.0));
        Column rooms = lit(1L).plus(pmod(id.multiply(13), lit(6L)));
        Column zone = element_at(array(lit("A"), lit("A"), lit("A"), lit("B"), lit("B"), lit("C")),
                pmod(id.multiply(17), lit(6L)).plus(1).cast("int"));
        return spark.range(rows)
                .withColumn("_source_file", concat(lit("part-"), pmod(id, lit(3L)).cast("string"), lit(".csv")))
                .withColumn("_source_offset", id.multiply(41L).plus(30L))
                .withColumn("area", when(trainRow, area).otherwise(area.plus(500.0)))
                .withColumn("rooms", when(trainRow, rooms).otherwise(rooms.plus(100L)))
                .withColumn("zone", when(pmod(id, lit(50L)).equalTo(7), lit(null).cast("string"))
                        .when(split.equalTo(FeatureConverter.TEST).and(pmod(id, lit(4L)).equalTo(0)), lit("Z"))
                        .otherwise(zone))
                .withColumn("price", when(pmod(id, lit(100L)).equalTo(3), lit(null).cast("double"))
                        .otherwise(lit(50_000.0).plus(col("area").multiply(1_000.0)).plus(col("rooms").multiply(10_000.0))))
                .select("_source_file", "_source_offset", "area", "rooms", "zone", "price");
    }

    private static Dataset<Row> labelledTrainRows() {
        return houses.filter(col("price").isNotNull()).filter(FeatureConverter.splitOf(SPLIT).equalTo(FeatureConverter.TRAIN));
    }

    private static Map<String, String> splitByRow(Conversion converted) {
        return converted.examples().select("_source_file", "_source_offset", FeatureConverter.SPLIT).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0) + "@" + r.getLong(1), r -> r.getString(2)));
    }

    private static <T extends Transformer> T stage(Class<T> type) {
        return Arrays.stream(conversion.featurePipeline().stages()).filter(type::isInstance).map(type::cast)
                .findFirst().orElseThrow();
    }

    @Test
    void assignsEveryRowTheSameSplitWhateverThePartitioningOfTheInput() {
        Conversion repartitioned = FeatureConverter.convert(houses.repartition(7), SPEC);

        Map<String, String> original = splitByRow(conversion);
        assertThat(original).hasSize(ROWS - 20);
        assertThat(splitByRow(repartitioned)).isEqualTo(original);
    }

    @Test
    void aDifferentSeedGivesADifferentSplit() {
        Column seed42 = FeatureConverter.splitOf(SPLIT);
        Column seed43 = FeatureConverter.splitOf(new SplitSpec(0.7, 0.15, 0.15, 43));

        long moved = houses.filter(seed42.notEqual(seed43)).count();

        // Two independent draws disagree on 1 - (0.7^2 + 2 * 0.15^2) = 46% of rows.
        assertThat(moved).isBetween(ROWS / 3L, ROWS * 3L / 5);
    }

    @Test
    void splitSizesFollowTheFractions() {
        Map<String, Long> counts = conversion.examples().groupBy(FeatureConverter.SPLIT).count().collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
        double n = ROWS - 20;

        // A binomial count of 1,980 rows has a standard deviation of at most 0.011 in fraction
        // terms, so 0.05 is more than four of them.
        assertThat(counts.keySet()).containsExactlyInAnyOrder(FeatureConverter.TRAIN, FeatureConverter.VALIDATION, FeatureConverter.TEST);
        assertThat(counts.get(FeatureConverter.TRAIN) / n).isCloseTo(0.70, within(0.05));
        assertThat(counts.get(FeatureConverter.VALIDATION) / n).isCloseTo(0.15, within(0.05));
        assertThat(counts.get(FeatureConverter.TEST) / n).isCloseTo(0.15, within(0.05));
    }

    @Test
    void indexesOnlyTrainCategoriesAndGivesUnseenOrMissingOnesTheExtraSlot() {
        StringIndexerModel indexer = stage(StringIndexerModel.class);
        assertThat(houses.filter(col("zone").equalTo("Z")).count()).isPositive();

        assertThat(indexer.labelsArray()[0]).containsExactly("A", "B", "C");

        // Undo the scaling to see the one-hot slots (features 2..5) each row was given.
        StandardScalerModel scaler = stage(StandardScalerModel.class);
        Map<String, String> zoneByRow = houses.select("_source_file", "_source_offset", "zone").collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getString(0) + "@" + r.getLong(1), r -> r.isNullAt(2) ? "(missing)" : r.getString(2)));
        Map<String, List<double[]>> slotsByZone = conversion.examples()
                .select("_source_file", "_source_offset", FeatureConverter.FEATURES).collectAsList().stream()
                .collect(Collectors.groupingBy(r -> zoneByRow.get(r.getString(0) + "@" + r.getLong(1)),
                        Collectors.mapping(r -> oneHot(r.<Vector>getAs(2), scaler), Collectors.toList())));
        assertThat(slotsByZone).containsOnlyKeys("A", "B", "C", "Z", "(missing)");
        assertThat(slotsByZone.get("A")).allSatisfy(v -> assertThat(v).containsExactly(new double[] {1, 0, 0, 0}, within(1e-9)));
        assertThat(slotsByZone.get("C")).allSatisfy(v -> assertThat(v).containsExactly(new double[] {0, 0, 1, 0}, within(1e-9)));
        assertThat(slotsByZone.get("Z")).allSatisfy(v -> assertThat(v).containsExactly(new double[] {0, 0, 0, 1}, within(1e-9)));
        assertThat(slotsByZone.get("(missing)"))
                .allSatisfy(v -> assertThat(v).containsExactly(new double[] {0, 0, 0, 1}, within(1e-9)));
    }

    private static double[] oneHot(Vector features, StandardScalerModel scaler) {
        double[] slots = new double[4];
        for (int j = 0; j < slots.length; j++) {
            slots[j] = features.apply(2 + j) * scaler.std().apply(2 + j) + scaler.mean().apply(2 + j);
        }
        return slots;
    }

    @Test
    void standardisesWithTrainStatisticsAndAppliesLog1pBeforehand() {
        Row train = labelledTrainRows().agg(functions.avg(log1p(col("area"))), functions.avg(col("rooms"))).first();
        Vector mean = stage(StandardScalerModel.class).mean();

        assertThat(mean.apply(0)).isCloseTo(train.getDouble(0), within(1e-9));
        assertThat(mean.apply(1)).isCloseTo(train.getDouble(1), within(1e-9));
    }

    @Test
    void featureCountIsTheNumericColumnsPlusOneSlotPerTrainCategoryPlusOneForUnseen() {
        // StringIndexer with handleInvalid = keep declares n + 1 values (the train categories and
        // "__unknown"); OneHotEncoder with dropLast and keep then emits all n + 1 slots.
        assertThat(conversion.featureCount()).isEqualTo(2 + (3 + 1));
        assertThat(conversion.examples().select(FeatureConverter.FEATURES).collectAsList())
                .allSatisfy(r -> assertThat(r.<Vector>getAs(0).size()).isEqualTo(conversion.featureCount()));
    }

    @Test
    void countsAndDropsRowsWithoutALabel() {
        assertThat(conversion.rowsWithoutLabel()).isEqualTo(20);
        assertThat(conversion.examplesCount()).isEqualTo(ROWS - 20);
        assertThat(conversion.examples().count()).isEqualTo(ROWS - 20);
        assertThat(conversion.examples().filter(col("price").isNull()).count()).isZero();
        List<Long> missing = houses.filter(col("price").isNull()).select("_source_offset").as(Encoders.LONG()).collectAsList();
        assertThat(conversion.examples().filter(col("_source_offset").isin(missing.toArray())).count()).isZero();
    }

    @Test
    void targetIsTheLabelEncodedByTheTransformFittedOnTrain() {
        LabelTransform transform = conversion.labelTransform();
        assertThat(transform.kind()).isEqualTo(LabelTransformKind.LOG);

        List<Row> rows = conversion.examples().select("price", FeatureConverter.TARGET).collectAsList();
        assertThat(rows).allSatisfy(r -> assertThat(r.getDouble(1)).isCloseTo(transform.encode(r.getDouble(0)), within(1e-9)));
        Row train = conversion.split(FeatureConverter.TRAIN)
                .agg(functions.avg(FeatureConverter.TARGET), functions.stddev_pop(FeatureConverter.TARGET)).first();
        assertThat(train.getDouble(0)).isCloseTo(0.0, within(1e-9));
        assertThat(train.getDouble(1)).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void logLabelTransformRejectsANonPositiveTrainLabel() {
        Dataset<Row> withZeroPrice = cleanedHouses(200).withColumn("price",
                when(FeatureConverter.splitOf(SPLIT).equalTo(FeatureConverter.TRAIN), lit(0.0)).otherwise(col("price")));

        assertThatThrownBy(() -> FeatureConverter.convert(withZeroPrice, SPEC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("label <= 0")
                .hasMessageContaining("'price'");
    }

    @Test
    void rejectsAnEmptyTrainSplit() {
        FeatureSpec almostNoTrain = new FeatureSpec("price", LabelTransformKind.LOG, List.of("area", "rooms"),
                List.of("zone"), List.of("area"), new SplitSpec(0.001, 0.0, 0.999, 42), 32);

        assertThatThrownBy(() -> FeatureConverter.convert(cleanedHouses(5), almostNoTrain))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the train split is empty");
    }

    @Test
    void convertsColumnsWhoseNamesHoldDotsSpacesOrBackticks() {
        Dataset<Row> renamed = cleanedHouses(300)
                .withColumnRenamed("area", "floor.area")
                .withColumnRenamed("rooms", "room `count`")
                .withColumnRenamed("zone", "zone name")
                .withColumnRenamed("price", "sale.price");
        FeatureSpec spec = new FeatureSpec("sale.price", LabelTransformKind.NONE, List.of("floor.area", "room `count`"),
                List.of("zone name"), List.of("floor.area"), SPLIT, 32);

        Conversion converted = FeatureConverter.convert(renamed, spec);

        assertThat(converted.featureCount()).isEqualTo(2 + (3 + 1));
        assertThat(converted.examples().columns()).contains("sale.price");
        assertThat(converted.examples().count()).isEqualTo(300 - 3);
    }
}
