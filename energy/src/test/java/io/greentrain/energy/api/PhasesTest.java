package io.greentrain.energy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhasesTest {

    private static SparkContext sc;

    @BeforeAll
    static void startSpark() {
        sc = SparkContext.getOrCreate(new SparkConf().setMaster("local[1]").setAppName("phases-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1"));
    }

    @AfterAll
    static void stopSpark() {
        sc.stop();
    }

    @AfterEach
    void clearPhase() {
        Phases.leave(sc);
    }

    @ParameterizedTest
    @CsvSource({"train/epoch-3, train", "train, train", "idle, idle", "text-prepare/split/a, text-prepare"})
    void theGroupOfAPhaseIsItsFirstPathElement(String phase, String group) {
        assertThat(Phases.group(phase)).isEqualTo(group);
    }

    @Test
    @SuppressWarnings("try") // the scope is used for its close(), never read
    void aScopeRestoresThePhaseThatWasCurrentBeforeIt() {
        Phases.enter(sc, "train");
        try (Phases.Scope epoch = Phases.scope(sc, "train/epoch-1")) {
            assertThat(Phases.current(sc)).isEqualTo("train/epoch-1");
        }
        assertThat(Phases.current(sc)).isEqualTo("train");
    }

    @Test
    @SuppressWarnings("try") // the scope is used for its close(), never read
    void aScopeOpenedWithoutAPhaseClearsItOnClose() {
        try (Phases.Scope evaluate = Phases.scope(sc, "evaluate")) {
            assertThat(Phases.current(sc)).isEqualTo("evaluate");
        }
        assertThat(Phases.current(sc)).isNull();
    }

    @Test
    void aBlankPhaseIsRefusedAndChangesNothing() {
        Phases.enter(sc, "clean");
        assertThatThrownBy(() -> Phases.scope(sc, " ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("phase must be a non-blank string");
        assertThat(Phases.current(sc)).isEqualTo("clean");
    }
}
