package io.greentrain.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.preprocessing.features.FeatureSpec;
import io.greentrain.preprocessing.features.LabelTransformKind;
import io.greentrain.preprocessing.features.SplitSpec;
import io.greentrain.preprocessing.tabular.CleaningSpec;
import io.greentrain.preprocessing.tabular.ColumnSpec;
import io.greentrain.preprocessing.tabular.ColumnType;
import io.greentrain.preprocessing.tabular.OutlierRule;
import io.greentrain.training.NetworkSpec;
import io.greentrain.training.TrainerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigTest {

    /** Tests run in jobs/, so the repository root is one level up. */
    static final String AMES_CONFIG = "../data/ames/ames-housing.conf";

    /** Three declared columns, enough for the feature rules. */
    static final String SMALL_TABLE = "greentrain.clean.columns=["
            + "{name = price, type = double, min = 0}, {name = area, type = long}, {name = zone, categories = [A, B]}]";

    static JobConfig withOverrides(String... overrides) {
        return JobConfig.load(null, List.of(overrides), new Configuration());
    }

    @Test
    void loadsTheDefaultsFromReferenceConf() {
        JobConfig config = withOverrides();

        assertThat(config.inputPaths()).isEmpty();
        assertThat(config.outputDir()).isEqualTo("out/example");
        assertThat(config.get(GreentrainKeys.CLEAN_DELIMITER)).isEqualTo(',');
        assertThat(config.get(GreentrainKeys.CLEAN_QUOTE)).isEqualTo('"');
        assertThat(config.get(GreentrainKeys.CLEAN_NULL_VALUES)).containsExactly("", "NA");
        assertThat(config.get(GreentrainKeys.CLEAN_DEDUPLICATE)).isTrue();
        assertThat(config.get(GreentrainKeys.FEATURES_LABEL_TRANSFORM)).isEqualTo(LabelTransformKind.NONE);
        assertThat(config.get(GreentrainKeys.FEATURES_SPLIT_SEED)).isEqualTo(42L);
        assertThat(config.networkSpec()).isEqualTo(new NetworkSpec(List.of(64), "relu", 0.001, 0.0, 12345L));
        assertThat(config.trainerSettings()).isEqualTo(new TrainerSettings(10, 2, 32, 5, 2, true));
    }

    @Test
    void loadsTheAmesHousingExample() {
        JobConfig config = JobConfig.load(AMES_CONFIG, List.of(), new Configuration());

        CleaningSpec cleaning = config.cleaningSpec();
        assertThat(cleaning.columns()).hasSize(74);
        assertThat(cleaning.column("Sale_Price")).get().extracting(ColumnSpec::type).isEqualTo(ColumnType.LONG);
        assertThat(cleaning.outliers()).containsExactly(
                new OutlierRule("Gr_Liv_Area", OutlierRule.Method.RANGE, null, 4000.0, 1.5, OutlierRule.Action.QUARANTINE));
        assertThat(cleaning.delimiter()).isEqualTo(',');
        assertThat(cleaning.deduplicate()).isTrue();

        FeatureSpec features = config.featureSpec();
        assertThat(features.label()).isEqualTo("Sale_Price");
        assertThat(features.labelTransform()).isEqualTo(LabelTransformKind.LOG);
        assertThat(features.numeric()).contains("Lot_Area", "Longitude").doesNotContain("Sale_Price");
        assertThat(features.numeric().size() + features.categorical().size()).isEqualTo(73);
        assertThat(features.log1p()).contains("Lot_Area", "Gr_Liv_Area").doesNotContain("Sale_Price");
        assertThat(features.split()).isEqualTo(new SplitSpec(0.7, 0.15, 0.15, 42L));
        assertThat(features.minibatchSize()).isEqualTo(32);
        assertThat(config.requireInputPaths()).containsExactly("data/ames/ames_housing.csv");
    }

    @Test
    void overridesWinOverTheFile() {
        JobConfig config = JobConfig.load(AMES_CONFIG, List.of(
                "greentrain.train.epochs=20",
                "greentrain.input.paths=[\"a.csv\",\"b.csv\"]",
                "greentrain.features.label-transform = none"), new Configuration());

        assertThat(config.trainerSettings().epochs()).isEqualTo(20);
        assertThat(config.inputPaths()).containsExactly("a.csv", "b.csv");
        assertThat(config.featureSpec().labelTransform()).isEqualTo(LabelTransformKind.NONE);
        assertThat(config.cleaningSpec().columns()).hasSize(74);
    }

    @Test
    void laterOverridesWinOverEarlierOnes() {
        JobConfig config = withOverrides("greentrain.train.workers=3", "greentrain.train.workers=5");

        assertThat(config.trainerSettings().workers()).isEqualTo(5);
    }

    @Test
    void appendingOverrideExtendsTheFileList() {
        JobConfig config = JobConfig.load(AMES_CONFIG, List.of("greentrain.input.paths += \"more.csv\""), new Configuration());

        assertThat(config.inputPaths()).containsExactly("data/ames/ames_housing.csv", "more.csv");
    }

    @Test
    void readsTheFileThroughAHadoopUri(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("job.conf"), "greentrain.train { epochs = 3, workers = 4 }\n");

        JobConfig config = JobConfig.load(file.toUri().toString(), List.of(), new Configuration());

        assertThat(config.trainerSettings().epochs()).isEqualTo(3);
        assertThat(config.trainerSettings().workers()).isEqualTo(4);
    }

    @Test
    void acceptsNumbersAndBooleansWrittenAsStrings() {
        JobConfig config = withOverrides("greentrain.train.epochs=\"7\"", "greentrain.train.save-updater=off",
                "greentrain.model.learning-rate=\"0.01\"");

        assertThat(config.trainerSettings().epochs()).isEqualTo(7);
        assertThat(config.trainerSettings().saveUpdater()).isFalse();
        assertThat(config.networkSpec().learningRate()).isEqualTo(0.01);
    }

    @Test
    void resolvesEmptyFeatureListsFromTheDeclaredColumns() {
        FeatureSpec features = withOverrides(SMALL_TABLE, "greentrain.features.label=price").featureSpec();

        assertThat(features.numeric()).containsExactly("area");
        assertThat(features.categorical()).containsExactly("zone");
    }

    @Test
    void leavesExcludedColumnsOutOfResolvedFeatures() {
        FeatureSpec features = withOverrides(SMALL_TABLE, "greentrain.features.label=price",
                "greentrain.features.exclude=[zone]").featureSpec();

        assertThat(features.numeric()).containsExactly("area");
        assertThat(features.categorical()).isEmpty();
    }

    @Test
    void keepsExplicitFeatureListsAsWritten() {
        FeatureSpec features = withOverrides("greentrain.clean.columns=[{name = price, type = double, min = 0}, "
                        + "{name = area, type = long, min = 0}, {name = zone, categories = [A, B]}]",
                "greentrain.features.label=price",
                "greentrain.features.numeric=[area]", "greentrain.features.categorical=[zone]",
                "greentrain.features.log1p=[area]").featureSpec();

        assertThat(features.numeric()).containsExactly("area");
        assertThat(features.categorical()).containsExactly("zone");
        assertThat(features.log1p()).containsExactly("area");
    }

    @Test
    void readsColumnAndOutlierFieldsWithTheirDefaults() {
        CleaningSpec cleaning = withOverrides(
                "greentrain.clean.columns=[{name = a, type = int, required = false, max = 9}, {name = b}]",
                "greentrain.clean.outliers=[{column = a, method = iqr, action = clip}]").cleaningSpec();

        assertThat(cleaning.columns()).containsExactly(
                new ColumnSpec("a", ColumnType.LONG, false, null, 9.0, List.of()),
                ColumnSpec.of("b", ColumnType.STRING));
        assertThat(cleaning.outliers()).containsExactly(
                new OutlierRule("a", OutlierRule.Method.IQR, null, null, 1.5, OutlierRule.Action.CLIP));
    }

    @Test
    void rendersTheResolvedTreeAsJsonThatLoadsAgain(@TempDir Path dir) throws IOException {
        JobConfig original = JobConfig.load(AMES_CONFIG, List.of("greentrain.train.epochs=20"), new Configuration());

        String json = original.renderResolved();
        Path saved = Files.writeString(dir.resolve("resolved.json"), json);
        JobConfig reloaded = JobConfig.load(saved.toString(), List.of(), new Configuration());

        assertThat(json).startsWith("{").contains("\"greentrain\"").contains("\"epochs\" : 20");
        assertThat(reloaded.cleaningSpec()).isEqualTo(original.cleaningSpec());
        assertThat(reloaded.featureSpec()).isEqualTo(original.featureSpec());
        assertThat(reloaded.trainerSettings()).isEqualTo(original.trainerSettings());
        assertThat(reloaded.renderResolved()).isEqualTo(json);
    }
}
