package io.greentrain.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigReferenceDocTest {

    /** Tests run in jobs/, so the repository root is one level up. */
    private static final Path CHECKED_IN = Path.of("../docs/configuration.md");

    @Test
    void checkedInReferenceMatchesTheRegistry() throws IOException {
        String checkedIn = Files.exists(CHECKED_IN) ? Files.readString(CHECKED_IN, StandardCharsets.UTF_8) : "";

        assertThat(checkedIn)
                .as("docs/configuration.md is out of date; regenerate it from the repository root with: "
                        + ConfigReferenceDoc.REGENERATE_COMMAND)
                .isEqualTo(ConfigReferenceDoc.render());
    }

    @Test
    void listsEveryKeyWithItsDefaultAndTheObjectFields() {
        String reference = ConfigReferenceDoc.render();

        assertThat(reference).contains(
                "Generated from io.greentrain.jobs.config.GreentrainKeys by ConfigReferenceDoc; do not edit.");
        assertThat(GreentrainKeys.all()).allSatisfy(key -> assertThat(reference).contains("| `" + key.path() + "` |"));
        assertThat(reference).contains("| `greentrain.train.epochs` | int | `10` |");
        assertThat(reference).contains("| `greentrain.clean.null-values` | list of strings | `[\"\",\"NA\"]` |");
        assertThat(reference).contains("## Column objects").contains("| `categories` | list of strings | none |");
        assertThat(reference).contains("## Outlier objects").contains("| `k` | double | `1.5` |");
    }
}
