package io.greentrain.preprocessing.text.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.preprocessing.text.TextColumns;
import io.greentrain.testsupport.LocalSpark;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class NearDuplicateFinderTest {

    private static final StructType DOCS = new StructType()
            .add(TextColumns.DOC_ID, DataTypes.StringType)
            .add(TextColumns.TEXT, DataTypes.StringType)
            .add(TextColumns.SCRIPT, DataTypes.StringType);

    private final SparkSession spark = LocalSpark.session("greentrain-preprocessing-tests");

    @Test
    void mergesPlantedNearDuplicatesAndKeepsDissimilarPairsApart() {
        PlantedNearDuplicates corpus = PlantedNearDuplicates.generate(7, 800, 400);
        List<Row> rows = new ArrayList<>();
        corpus.docs().forEach(d -> rows.add(RowFactory.create(d.id(), d.text(), "spaced")));

        NearDuplicateFinder.Result result = NearDuplicateFinder.find(spark, spark.createDataFrame(rows, DOCS),
                DedupSpec.defaults());
        Map<String, String> cluster = clusters(result.assignments());

        List<PlantedNearDuplicates.Pair> similar = corpus.pairs().stream().filter(p -> p.jaccard() >= 0.85).toList();
        List<PlantedNearDuplicates.Pair> dissimilar = corpus.pairs().stream().filter(p -> p.jaccard() < 0.5).toList();
        assertThat(similar).hasSizeGreaterThan(100);
        assertThat(dissimilar).hasSizeGreaterThan(40);
        long found = similar.stream().filter(p -> sameCluster(cluster, p)).count();
        long apart = dissimilar.stream().filter(p -> !sameCluster(cluster, p)).count();
        assertThat((double) found / similar.size()).as("recall at true Jaccard >= 0.85").isGreaterThanOrEqualTo(0.95);
        assertThat((double) apart / dissimilar.size()).as("precision at true Jaccard < 0.5").isGreaterThanOrEqualTo(0.95);
        assertThat(result.verifiedPairs()).isLessThanOrEqualTo(result.candidatePairs());
        // Every cluster holds exactly one planted pair: originals are distinct random texts.
        assertThat(result.clusters()).isEqualTo(cluster.size() / 2);
    }

    @Test
    void chainOfSimilarDocumentsFormsOneClusterKeyedByTheSmallestId() {
        String a = words(0, 100);
        String b = a.replace("w10 ", "x10 ").replace("w60 ", "x60 ");
        String c = b.replace("w30 ", "y30 ").replace("w45 ", "y45 ").replace("w80 ", "y80 ");
        double ab = PlantedNearDuplicates.trueJaccard(a, b);
        double bc = PlantedNearDuplicates.trueJaccard(b, c);
        double ac = PlantedNearDuplicates.trueJaccard(a, c);
        assertThat(ab).isGreaterThanOrEqualTo(0.7);
        assertThat(bc).isGreaterThanOrEqualTo(0.7);
        assertThat(ac).isLessThan(0.7);
        List<Row> rows = List.of(RowFactory.create("c", c, "spaced"), RowFactory.create("a", a, "spaced"),
                RowFactory.create("b", b, "spaced"), RowFactory.create("z", words(1000, 60), "spaced"));

        NearDuplicateFinder.Result result = NearDuplicateFinder.find(spark, spark.createDataFrame(rows, DOCS),
                DedupSpec.defaults().withBanding(40, 2));

        assertThat(clusters(result.assignments())).containsOnly(Map.entry("a", "a"), Map.entry("b", "a"),
                Map.entry("c", "a"));
        assertThat(result.verifiedPairs()).isEqualTo(2);
        assertThat(result.clusters()).isEqualTo(1);
    }

    @Test
    void driverAndDistributedComponentsGiveTheSameClusters() {
        String a = words(0, 100);
        String b = a.replace("w10 ", "x10 ").replace("w60 ", "x60 ");
        String c = b.replace("w30 ", "y30 ").replace("w45 ", "y45 ").replace("w80 ", "y80 ");
        String d = words(500, 80);
        String e = d.replace("w520 ", "x520 ");
        PlantedNearDuplicates planted = PlantedNearDuplicates.generate(11, 60, 30);
        List<Row> rows = new ArrayList<>(List.of(RowFactory.create("c", c, "spaced"), RowFactory.create("a", a, "spaced"),
                RowFactory.create("b", b, "spaced"), RowFactory.create("e", e, "spaced"),
                RowFactory.create("d", d, "spaced")));
        planted.docs().forEach(doc -> rows.add(RowFactory.create(doc.id(), doc.text(), "spaced")));
        Dataset<Row> docs = spark.createDataFrame(rows, DOCS);
        DedupSpec spec = DedupSpec.defaults().withBanding(40, 2);

        NearDuplicateFinder.Result onDriver = NearDuplicateFinder.find(spark, docs, spec);
        NearDuplicateFinder.Result distributed = NearDuplicateFinder.find(spark, docs, spec, 0);

        assertThat(onDriver.rounds()).isZero();
        assertThat(distributed.rounds()).isPositive();
        assertThat(clusters(onDriver.assignments())).isEqualTo(clusters(distributed.assignments()))
                .contains(Map.entry("a", "a"), Map.entry("b", "a"), Map.entry("c", "a"), Map.entry("d", "d"),
                        Map.entry("e", "d"));
        assertThat(similarities(onDriver.assignments())).isEqualTo(similarities(distributed.assignments()));
        assertThat(onDriver.clusters()).isEqualTo(distributed.clusters()).isGreaterThanOrEqualTo(2);
        assertThat(onDriver.verifiedPairs()).isEqualTo(distributed.verifiedPairs());
        assertThat(onDriver.candidatePairs()).isEqualTo(distributed.candidatePairs());
    }

    @Test
    void findsCharacterShingleNearDuplicatesInChinese() {
        String poem = "秦川雄帝宅，函谷壯皇居。綺殿千尋起，離宮百雉餘。連甍遙接漢，飛觀迥凌虛。雲日隱層闕，風煙出綺疎。";
        String variant = poem.replace("甍", "薨").replace("疎", "疏");
        String other = "床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉。春眠不覺曉，處處聞啼鳥。夜來風雨聲，花落知多少。";
        List<Row> rows = List.of(RowFactory.create("p1", poem, "unspaced"), RowFactory.create("p2", variant, "unspaced"),
                RowFactory.create("p3", other, "unspaced"));

        NearDuplicateFinder.Result result = NearDuplicateFinder.find(spark, spark.createDataFrame(rows, DOCS),
                DedupSpec.defaults());

        assertThat(clusters(result.assignments())).containsOnly(Map.entry("p1", "p1"), Map.entry("p2", "p1"));
    }

    private static boolean sameCluster(Map<String, String> cluster, PlantedNearDuplicates.Pair pair) {
        String x = cluster.get(pair.original());
        return x != null && x.equals(cluster.get(pair.variant()));
    }

    private static Map<String, String> clusters(Dataset<Row> assignments) {
        Map<String, String> cluster = new HashMap<>();
        for (Row row : assignments.collectAsList()) {
            cluster.put(row.getString(0), row.getString(1));
        }
        return cluster;
    }

    private static Map<String, Double> similarities(Dataset<Row> assignments) {
        Map<String, Double> similarity = new HashMap<>();
        for (Row row : assignments.collectAsList()) {
            similarity.put(row.getString(0), row.getDouble(2));
        }
        return similarity;
    }

    private static String words(int from, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i < from + count; i++) {
            text.append('w').append(i).append(' ');
        }
        return text.toString();
    }
}
