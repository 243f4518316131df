package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.greentrain.formats.JsonFiles;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The energy and carbon sections add every application of a run; re-runs never replace the history. */
class ApplicationHistoryTest {

    private static ObjectNode energy(double joules, double measuredShare, double cleanJoules) {
        ObjectNode section = JsonFiles.newObject();
        section.put("joules", joules);
        section.put("measuredShare", measuredShare);
        section.put("estimatedShare", 1 - measuredShare);
        section.put("samples", 10);
        section.putObject("byStep").putObject("clean").put("joules", cleanJoules);
        return section;
    }

    @Test
    void aNoOpReRunAddsItsEntryAndKeepsTheTrainingFigures() {
        ObjectNode first = energy(1000, 0, 100);
        first.put("joulesPerTrainingExample", 0.5);
        ObjectNode run1 = ApplicationHistory.merge(MissingNode.getInstance(), "none", Optional.of(first), "app-1",
                "pipeline", List.of("clean", "train"), List.of()).orElseThrow();

        ObjectNode run2 = ApplicationHistory.merge(run1, "app-1", Optional.of(energy(20, 1, 0)), "app-2", "pipeline",
                List.of(), List.of("clean", "train")).orElseThrow();

        assertThat(run2.path("joules").asDouble()).isEqualTo(1020);
        assertThat(run2.path("samples").asLong()).isEqualTo(20);
        assertThat(run2.path("byStep").path("clean").path("joules").asDouble()).isEqualTo(100);
        assertThat(run2.path("joulesPerTrainingExample").asDouble()).isEqualTo(0.5);
        assertThat(run2.path("measuredShare").asDouble()).isEqualTo(20.0 / 1020);
        JsonNode applications = run2.path(ApplicationHistory.APPLICATIONS);
        assertThat(applications).hasSize(2);
        assertThat(applications.get(0)).isEqualTo(run1.path(ApplicationHistory.APPLICATIONS).get(0));
        assertThat(applications.get(1).path("sparkApplicationId").asText()).isEqualTo("app-2");
        assertThat(applications.get(1).path("stepsSkipped").toString()).isEqualTo("[\"clean\",\"train\"]");
    }

    @Test
    void aSecondJobOfTheSameApplicationReplacesItsCumulativeEntry() {
        ObjectNode first = energy(100, 0, 100);
        first.put("joulesPerTrainingExample", 0.5);
        ObjectNode once = ApplicationHistory.merge(MissingNode.getInstance(), "none", Optional.of(first), "app-1",
                "pipeline", List.of("clean"), List.of()).orElseThrow();

        ObjectNode again = ApplicationHistory.merge(once, "app-1", Optional.of(energy(130, 0, 100)), "app-1",
                "pipeline", List.of(), List.of("clean")).orElseThrow();

        assertThat(again.path("joules").asDouble()).isEqualTo(130);
        assertThat(again.path(ApplicationHistory.APPLICATIONS)).hasSize(1);
        assertThat(again.path("joulesPerTrainingExample").asDouble()).isEqualTo(0.5);
    }

    @Test
    void keepsASectionWrittenBeforeTheHistoryAsItsFirstEntry() {
        ObjectNode old = energy(1000, 0, 100);

        ObjectNode merged = ApplicationHistory.merge(old, "app-0", Optional.of(energy(10, 0, 0)), "app-1", "clean",
                List.of(), List.of("clean")).orElseThrow();

        assertThat(merged.path("joules").asDouble()).isEqualTo(1010);
        assertThat(merged.path(ApplicationHistory.APPLICATIONS).get(0).path("sparkApplicationId").asText())
                .isEqualTo("app-0");
    }

    @Test
    void keepsTheHistoryOfARunWithoutThePluginThisTime() {
        ObjectNode once = ApplicationHistory.merge(MissingNode.getInstance(), "none", Optional.of(energy(5, 0, 5)),
                "app-1", "clean", List.of("clean"), List.of()).orElseThrow();

        assertThat(ApplicationHistory.merge(once, "app-1", Optional.empty(), "app-2", "clean", List.of(),
                List.of("clean"))).contains(once);
        assertThat(ApplicationHistory.merge(MissingNode.getInstance(), "none", Optional.empty(), "app-2", "clean",
                List.of(), List.of())).isEmpty();
    }
}
