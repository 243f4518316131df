package io.greentrain.energy.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseOrderTest {

    @Test
    void epochsSortByTheirNumberNotAsText() {
        List<String> phases = new ArrayList<>(List.of("train/epoch-10", "train/epoch-2", "idle", "train/epoch-1",
                "clean", "train/epoch-11", "train"));

        phases.sort(Phases.NATURAL_ORDER);

        assertThat(phases).containsExactly("clean", "idle", "train", "train/epoch-1", "train/epoch-2",
                "train/epoch-10", "train/epoch-11");
    }

    @Test
    void numbersWithLeadingZerosStayDistinctAndInValueOrder() {
        List<String> phases = new ArrayList<>(List.of("step-010", "step-9", "step-10"));

        phases.sort(Phases.NATURAL_ORDER);

        assertThat(phases).containsExactly("step-9", "step-010", "step-10");
        assertThat(Phases.NATURAL_ORDER.compare("step-010", "step-10")).isNotZero();
    }
}
