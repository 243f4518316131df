package io.greentrain.jobs.config;

import static io.greentrain.jobs.config.JobConfigTest.SMALL_TABLE;
import static io.greentrain.jobs.config.JobConfigTest.withOverrides;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.greentrain.training.allreduce.AllreduceSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every configuration mistake stops the load with one line that names the key, file or override. */
class JobConfigValidationTest {

    private static String errorFrom(Runnable action) {
        ConfigException error = catchThrowableOfType(ConfigException.class, action::run);
        assertThat(error).as("expected a ConfigException").isNotNull();
        assertThat(error.getMessage()).doesNotContain("\n");
        return error.getMessage();
    }

    private static String errorFromOverrides(String... overrides) {
        return errorFrom(() -> withOverrides(overrides));
    }

    // ---- keys ----

    @Test
    void rejectsAnUnknownKeyAndSuggestsTheClosestOne() {
        assertThat(errorFromOverrides("greentrain.trian.epochs=5")).isEqualTo(
                "unknown configuration key 'greentrain.trian.epochs' (did you mean 'greentrain.train.epochs'?)");
    }

    @Test
    void rejectsAnUnknownKeyWithoutSuggestionWhenNothingIsClose() {
        assertThat(errorFromOverrides("greentrain.train.turbo-mode=true"))
                .isEqualTo("unknown configuration key 'greentrain.train.turbo-mode'");
    }

    @Test
    void rejectsAMisspeltRootInTheFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("job.conf"), "greentain { train { epochs = 3 } }\n");

        assertThat(errorFrom(() -> JobConfig.load(file.toString(), List.of(), new Configuration()))).isEqualTo(
                "unknown configuration key 'greentain.train.epochs' (did you mean 'greentrain.train.epochs'?)");
    }

    @Test
    void rejectsAValueWhereASectionBelongs() {
        assertThat(errorFromOverrides("greentrain.train=5"))
                .isEqualTo("greentrain.train: expected an object holding keys, got NUMBER 5");
    }

    // ---- values ----

    @Test
    void rejectsAValueOfTheWrongType() {
        assertThat(errorFromOverrides("greentrain.train.epochs=ten"))
                .isEqualTo("greentrain.train.epochs: expected an int, got STRING \"ten\"");
    }

    @Test
    void rejectsAFractionWhereAWholeNumberBelongs() {
        assertThat(errorFromOverrides("greentrain.train.epochs=10.5"))
                .isEqualTo("greentrain.train.epochs: expected an int, got NUMBER 10.5");
    }

    @Test
    void rejectsAStringWhereAListBelongs() {
        assertThat(errorFromOverrides("greentrain.input.paths=a.csv"))
                .isEqualTo("greentrain.input.paths: expected a list of strings, got STRING \"a.csv\"");
    }

    @Test
    void rejectsAnOutOfRangeValue() {
        assertThat(errorFromOverrides("greentrain.train.epochs=0"))
                .isEqualTo("greentrain.train.epochs: must be at least 1, got 0");
        assertThat(errorFromOverrides("greentrain.model.learning-rate=0"))
                .isEqualTo("greentrain.model.learning-rate: must be greater than 0, got 0.0");
        assertThat(errorFromOverrides("greentrain.features.split.train=1"))
                .isEqualTo("greentrain.features.split.train: must be greater than 0 and less than 1, got 1.0");
    }

    @Test
    void namesTheListElementThatIsOutOfRange() {
        assertThat(errorFromOverrides("greentrain.model.hidden-layers=[64, 0]"))
                .isEqualTo("greentrain.model.hidden-layers[1]: must be at least 1, got 0");
    }

    @Test
    void rejectsAnActivationOutsideTheList() {
        assertThat(errorFromOverrides("greentrain.model.activation=ReLU")).isEqualTo(
                "greentrain.model.activation: must be one of relu, leakyrelu, elu, tanh, sigmoid, identity, got 'ReLU'");
    }

    @Test
    void rejectsADelimiterLongerThanOneCharacter() {
        assertThat(errorFromOverrides("greentrain.clean.delimiter=\";;\""))
                .isEqualTo("greentrain.clean.delimiter: must be exactly one character, got \";;\"");
    }

    @Test
    void rejectsAChineseStopWordLongerThanOneCharacter() {
        assertThat(errorFromOverrides("greentrain.text.quality.chinese.stop-words=[\"的\", \"我們\"]"))
                .isEqualTo("greentrain.text.quality.chinese.stop-words[1]: must be a single character, got '我們'");
    }

    @Test
    void rejectsAnUnknownLabelTransform() {
        assertThat(errorFromOverrides("greentrain.features.label-transform=sqrt"))
                .isEqualTo("greentrain.features.label-transform: unknown label transform 'sqrt' (expected none or log)");
    }

    @Test
    void rejectsSplitFractionsThatDoNotAddUpToOne() {
        assertThat(errorFromOverrides("greentrain.features.split.validation=0.2")).isEqualTo(
                "greentrain.features.split: train, validation and test must add up to 1, got 0.7 + 0.2 + 0.15 = 1.05");
    }

    @Test
    void rejectsAnOuterStepWithGradientAveraging() {
        assertThat(errorFromOverrides("greentrain.train.sync=gradient", "greentrain.train.outer-momentum=0.9"))
                .isEqualTo("greentrain.train.outer-lr and greentrain.train.outer-momentum set an outer step, which "
                        + "needs greentrain.train.sync = local-sgd, not gradient");
    }

    @Test
    void rejectsAnOuterMomentumOfOne() {
        assertThat(errorFromOverrides("greentrain.train.sync=local-sgd", "greentrain.train.outer-momentum=1"))
                .isEqualTo("greentrain.train.outer-momentum: must be from 0 to below 1, got 1.0");
    }

    @Test
    void readsTheOuterStepForLocalSgd() {
        AllreduceSettings allreduce = withOverrides("greentrain.train.sync=local-sgd", "greentrain.train.outer-lr=0.7",
                "greentrain.train.outer-momentum=0.9").trainingEngine().allreduce();

        assertThat(allreduce.hasOuterStep()).isTrue();
        assertThat(allreduce.outerLearningRate()).isEqualTo(0.7);
        assertThat(allreduce.outerMomentum()).isEqualTo(0.9);
        assertThat(withOverrides().trainingEngine().allreduce().hasOuterStep()).as("the default").isFalse();
    }

    // ---- column and outlier objects ----

    @Test
    void rejectsAnUnknownColumnFieldAndSuggestsTheClosestOne() {
        assertThat(errorFromOverrides("greentrain.clean.columns=[{name = a}, {name = b, type = long, mni = 0}]"))
                .isEqualTo("greentrain.clean.columns[1].mni: unknown field (did you mean 'min'?); "
                        + "a column object has name, type, required, min, max, categories");
    }

    @Test
    void rejectsAColumnWithoutName() {
        assertThat(errorFromOverrides("greentrain.clean.columns=[{type = long}]"))
                .isEqualTo("greentrain.clean.columns[0]: missing required field 'name'");
    }

    @Test
    void rejectsAColumnFieldOfTheWrongType() {
        assertThat(errorFromOverrides("greentrain.clean.columns=[{name = a, type = long, min = low}]"))
                .isEqualTo("greentrain.clean.columns[0].min: expected a number, got STRING \"low\"");
    }

    @Test
    void rejectsAnUnknownColumnType() {
        assertThat(errorFromOverrides("greentrain.clean.columns=[{name = a, type = decimal}]")).isEqualTo(
                "greentrain.clean.columns[0].type: unknown column type 'decimal' (expected string, long or double)");
    }

    @Test
    void reportsTheColumnSpecsOwnRuleAgainstTheEntry() {
        assertThat(errorFromOverrides("greentrain.clean.columns=[{name = a, min = 0}]")).isEqualTo(
                "greentrain.clean.columns[0]: column 'a': min/max need a numeric type, not string");
    }

    @Test
    void rejectsDuplicateColumnNames() {
        assertThat(errorFromOverrides("greentrain.clean.columns=[{name = a}, {name = b}, {name = a}]"))
                .isEqualTo("greentrain.clean.columns: column 'a' is declared twice, at [0] and [2]");
    }

    @Test
    void rejectsAnOutlierRuleOnAStringColumn() {
        assertThat(errorFromOverrides(SMALL_TABLE, "greentrain.clean.outliers=[{column = zone, max = 1}]")).isEqualTo(
                "greentrain.clean.outliers[0].column: column 'zone' has type string; outlier rules need a numeric column");
    }

    @Test
    void rejectsAnOutlierRuleOnAnUndeclaredColumn() {
        assertThat(errorFromOverrides(SMALL_TABLE, "greentrain.clean.outliers=[{column = prise, max = 1}]")).isEqualTo(
                "greentrain.clean.outliers[0].column: 'prise' is not a declared column in greentrain.clean.columns "
                        + "(did you mean 'price'?)");
    }

    @Test
    void rejectsARangeRuleWithoutBounds() {
        assertThat(errorFromOverrides(SMALL_TABLE, "greentrain.clean.outliers=[{column = area}]"))
                .isEqualTo("greentrain.clean.outliers[0]: outlier rule on 'area': a range rule needs min or max");
    }

    @Test
    void rejectsBoundsOnAnIqrRule() {
        assertThat(errorFromOverrides(SMALL_TABLE, "greentrain.clean.outliers=[{column = area, method = iqr, max = 5}]"))
                .isEqualTo("greentrain.clean.outliers[0]: min and max only apply to method range");
    }

    // ---- features ----

    @Test
    void rejectsAnUndeclaredFeatureColumn() {
        assertThat(errorFromOverrides(SMALL_TABLE, "greentrain.features.label=price",
                "greentrain.features.numeric=[area, rooms]")).isEqualTo(
                "greentrain.features.numeric[1]: 'rooms' is not a declared column in greentrain.clean.columns");
    }

    @Test
    void rejectsANumericFeatureThatIsAStringColumn() {
        assertThat(errorFromOverrides(SMALL_TABLE, "greentrain.features.label=price",
                "greentrain.features.numeric=[zone]")).isEqualTo(
                "greentrain.features.numeric[0]: column 'zone' has type string but must be numeric (long or double)");
    }

    @Test
    void rejectsALabelThatIsNotNumeric() {
        assertThat(errorFromOverrides(SMALL_TABLE, "greentrain.features.label=zone")).isEqualTo(
                "greentrain.features.label: column 'zone' has type string but must be numeric (long or double)");
    }

    @Test
    void rejectsAnUndeclaredLabel() {
        assertThat(errorFromOverrides(SMALL_TABLE, "greentrain.features.label=Sale_Price")).isEqualTo(
                "greentrain.features.label: 'Sale_Price' is not a declared column in greentrain.clean.columns");
    }

    @Test
    void rejectsTheLabelAsAFeature() {
        assertThat(errorFromOverrides(SMALL_TABLE, "greentrain.features.label=price",
                "greentrain.features.numeric=[area, price]")).isEqualTo(
                "greentrain.features.numeric[1]: 'price' is the label and cannot also be a feature");
    }

    @Test
    void readsNumbersGivenAsTextWithTheInputsGrammarOnly() {
        assertThat(errorFromOverrides("greentrain.features.split.train=\"0.6d\"")).startsWith(
                "greentrain.features.split.train: ").contains("0.6d");
        assertThat(errorFromOverrides("greentrain.features.split.train=\"0x1p-1\"")).startsWith(
                "greentrain.features.split.train: ");
    }

    @Test
    void rejectsLog1pOnAColumnThatMayBeNegative() {
        assertThat(errorFromOverrides("greentrain.clean.columns=[{name = price, type = double, min = 0}, "
                        + "{name = delta, type = double, min = -5}]", "greentrain.features.label=price",
                "greentrain.features.log1p=[delta]")).isEqualTo("greentrain.features.log1p[0]: log1p needs column "
                + "'delta' to declare min >= 0 in greentrain.clean.columns (its declared min is -5.0; log(1 + x) is "
                + "undefined below -1)");
    }

    @Test
    void rejectsALog1pColumnThatIsNotANumericFeature() {
        assertThat(errorFromOverrides(SMALL_TABLE, "greentrain.features.label=price",
                "greentrain.features.exclude=[area]", "greentrain.features.log1p=[area]")).isEqualTo(
                "greentrain.features.log1p[0]: 'area' is not a numeric feature column "
                        + "(it is the label, excluded, or left out of greentrain.features.numeric)");
    }

    @Test
    void rejectsAColumnListedTwice() {
        assertThat(errorFromOverrides(SMALL_TABLE, "greentrain.features.exclude=[zone, zone]"))
                .isEqualTo("greentrain.features.exclude: lists 'zone' more than once");
    }

    @Test
    void rejectsFeaturesWhenNoColumnIsLeft() {
        assertThat(errorFromOverrides("greentrain.clean.columns=[{name = price, type = double}]",
                "greentrain.features.label=price"))
                .isEqualTo("greentrain.features: at least one feature column is needed");
    }

    // ---- what a job asks for ----

    @Test
    void requiresInputPathsWhenAJobAsksForThem() {
        assertThat(errorFrom(() -> withOverrides().requireInputPaths()))
                .isEqualTo("greentrain.input.paths: at least one input path is required "
                        + "(give --input PATH or set greentrain.input.paths)");
    }

    @Test
    void requiresColumnsWhenAJobAsksForTheCleaningSpec() {
        assertThat(errorFrom(() -> withOverrides().cleaningSpec()))
                .isEqualTo("greentrain.clean.columns: at least one column must be declared");
    }

    @Test
    void requiresALabelWhenAJobAsksForTheFeatureSpec() {
        assertThat(errorFrom(() -> withOverrides(SMALL_TABLE).featureSpec()))
                .isEqualTo("greentrain.features.label: a label column is required");
    }

    // ---- files and overrides ----

    @Test
    void rejectsAnOverrideWithoutEqualsSign() {
        assertThat(errorFromOverrides("greentrain.train.epochs")).isEqualTo(
                "override 'greentrain.train.epochs' is not of the form key=value (e.g. greentrain.train.epochs=20)");
    }

    @Test
    void rejectsAnOverrideThatIsNotHocon() {
        assertThat(errorFromOverrides("greentrain.input.paths=[\"a.csv\""))
                .startsWith("syntax error in override 'greentrain.input.paths=[\"a.csv\"': ");
    }

    @Test
    void namesAMissingConfigFile() {
        assertThat(errorFrom(() -> JobConfig.load("../data/no-such.conf", List.of(), new Configuration())))
                .isEqualTo("configuration file '../data/no-such.conf' does not exist");
    }

    @Test
    void namesFileAndLineOfASyntaxError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("broken.conf"), "greentrain {\n  train {\n    epochs = \n  }\n}\n");

        assertThat(errorFrom(() -> JobConfig.load(file.toString(), List.of(), new Configuration())))
                .startsWith("syntax error in configuration file '" + file + "' at line 4: ");
    }

    @Test
    void namesAnUnresolvedSubstitution() {
        assertThat(errorFromOverrides("greentrain.output.dir=${NO_SUCH_GREENTRAIN_VARIABLE}"))
                .contains("override 'greentrain.output.dir=${NO_SUCH_GREENTRAIN_VARIABLE}'")
                .contains("NO_SUCH_GREENTRAIN_VARIABLE");
    }
}
