package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.greentrain.jobs.config.ConfigKey;
import io.greentrain.jobs.config.GreentrainKeys;
import io.greentrain.jobs.config.KeyGroup;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The configuration a step depends on is taken from the key registry, and every registered key is
 * either part of some step's dependencies or declared step-free: a new key cannot be added without
 * deciding which markers it invalidates.
 */
class StepKeyGroupsTest {

    private static List<Step> allSteps() {
        return Pipelines.all().stream().flatMap(pipeline -> pipeline.steps().stream()).toList();
    }

    @Test
    void everyRegisteredKeyBelongsToSomeStepOrIsDeclaredStepFree() {
        for (ConfigKey<?> key : GreentrainKeys.all()) {
            boolean inSomeStep = allSteps().stream()
                    .anyMatch(step -> step.keyGroups().stream().anyMatch(group -> group.covers(key)));
            assertThat(inSomeStep || Pipelines.STEP_FREE_KEYS.contains(key))
                    .as("%s belongs to no step's key groups and is not in Pipelines.STEP_FREE_KEYS", key.path())
                    .isTrue();
        }
    }

    @Test
    void stepFreeKeysAreInNoStepsKeyGroups() {
        for (ConfigKey<?> key : Pipelines.STEP_FREE_KEYS) {
            assertThat(allSteps()).as("steps depending on %s", key.path())
                    .noneMatch(step -> step.keyGroups().stream().anyMatch(group -> group.covers(key)));
        }
    }

    @Test
    void aGroupThatNamesNoRegisteredKeyCannotBeMade() {
        assertThatThrownBy(() -> KeyGroup.section("greentrain.trian"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("greentrain.trian");
        // A prefix matches whole path segments only.
        assertThatThrownBy(() -> KeyGroup.section("greentrain.tra")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSectionCoversEveryKeyUnderItAndNoOther() {
        KeyGroup train = KeyGroup.section("greentrain.train");

        assertThat(train.covers(GreentrainKeys.TRAIN_EPOCHS)).isTrue();
        assertThat(train.covers(GreentrainKeys.TRAIN_BATCH_SIZE_PER_WORKER)).isTrue();
        assertThat(train.covers(GreentrainKeys.MODEL_SEED)).isFalse();
        assertThat(KeyGroup.of(GreentrainKeys.TRAIN_EPOCHS).keys()).containsExactly(GreentrainKeys.TRAIN_EPOCHS);
    }

    @Test
    void theConfigHashCoversTheSameKeysAsBeforeStepsBecameObjects() {
        // Markers written before steps were objects hashed these paths; the same paths keep them valid. text-clean
        // has since added record-separator and the kept-share keys to its groups (so its older markers re-run
        // once).
        assertThat(paths(Pipelines.TABULAR.steps().get(0))).containsExactly("greentrain.input", "greentrain.clean");
        assertThat(paths(Pipelines.TABULAR.steps().get(1)))
                .containsExactly("greentrain.features", "greentrain.train.batch-size-per-worker");
        assertThat(paths(Pipelines.TABULAR.steps().get(2))).containsExactly("greentrain.model", "greentrain.train");
        assertThat(paths(Pipelines.TABULAR.steps().get(3))).isEmpty();
        assertThat(paths(Pipelines.TEXT.steps().get(0))).containsExactly("greentrain.input", "greentrain.text.format",
                "greentrain.text.charset", "greentrain.text.json", "greentrain.text.email",
                "greentrain.text.record-separator", "greentrain.text.normalize", "greentrain.text.quality",
                "greentrain.text.dedup", "greentrain.text.warn-kept-fraction", "greentrain.text.min-kept-fraction");
        assertThat(paths(Pipelines.TEXT.steps().get(1))).containsExactly("greentrain.text.vocabulary",
                "greentrain.text.sequence", "greentrain.train.batch-size-per-worker");
        assertThat(paths(Pipelines.TEXT.steps().get(2))).containsExactly("greentrain.lm", "greentrain.train");
    }

    private static List<String> paths(Step step) {
        return step.keyGroups().stream().map(KeyGroup::path).toList();
    }
}
