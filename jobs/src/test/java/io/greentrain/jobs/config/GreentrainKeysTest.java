package io.greentrain.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GreentrainKeysTest {

    private static final Config REFERENCE = ConfigSources.reference().withOnlyPath(ConfigSources.ROOT);

    private static Set<String> registeredPaths() {
        return GreentrainKeys.all().stream().map(ConfigKey::path).collect(Collectors.toSet());
    }

    @Test
    void everyPathInReferenceConfIsARegisteredKey() {
        Set<String> referencePaths = REFERENCE.entrySet().stream().map(Map.Entry::getKey).collect(Collectors.toSet());

        assertThat(referencePaths).as("paths in reference.conf without a key in GreentrainKeys")
                .isSubsetOf(registeredPaths());
    }

    @Test
    void everyRegisteredKeyHasADefaultInReferenceConf() {
        List<String> withoutDefault = GreentrainKeys.all().stream()
                .map(ConfigKey::path)
                .filter(path -> !REFERENCE.hasPath(path))
                .toList();

        assertThat(withoutDefault).as("keys without a default in reference.conf").isEmpty();
    }

    @Test
    void everyDefaultPassesItsOwnKeysChecks() {
        for (ConfigKey<?> key : GreentrainKeys.all()) {
            key.read(REFERENCE);
        }
    }

    @Test
    void keysAreUniqueKebabCasePathsUnderGreentrainWithDocs() {
        assertThat(registeredPaths()).hasSameSizeAs(GreentrainKeys.all());
        assertThat(GreentrainKeys.all()).allSatisfy(key -> {
            assertThat(key.path()).matches("greentrain(\\.[a-z0-9]+(-[a-z0-9]+)*)+");
            assertThat(key.doc()).isNotBlank();
            assertThat(key.typeDescription()).isNotBlank();
        });
    }

    @Test
    void suggestsOnlyCloseKeys() {
        List<String> keys = List.of("greentrain.train.epochs", "greentrain.train.workers");

        assertThat(ClosestMatch.among(keys, "greentrain.train.epoch")).contains("greentrain.train.epochs");
        assertThat(ClosestMatch.among(keys, "greentrain.train.nodes")).isEmpty();
        assertThat(ClosestMatch.editDistance("trian", "train")).isEqualTo(2);
    }
}
