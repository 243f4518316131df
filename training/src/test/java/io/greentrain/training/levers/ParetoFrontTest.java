package io.greentrain.training.levers;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.training.levers.ParetoFront.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParetoFrontTest {

    /** Cost in joules, accuracy as R². */
    private static final List<Point> FIXTURE = List.of(
            new Point("default", 100, 0.90),
            new Point("adamw cosine", 80, 0.92),   // beats default on both
            new Point("batch 128", 50, 0.88),      // cheapest, less accurate: on the front
            new Point("wide", 300, 0.93),          // most accurate: on the front
            new Point("half precision", 120, 0.88),// dominated by batch 128 and adamw cosine
            new Point("tie", 80, 0.92));           // equal to adamw cosine: neither dominates the other

    @Test
    void marksExactlyTheSettingsNoOtherBeatsOnCostAndAccuracy() {
        assertThat(ParetoFront.onFront(FIXTURE)).containsExactly(false, true, true, true, false, true);
    }

    @Test
    void recommendsTheCheapestSettingThatReachesTheTarget() {
        assertThat(ParetoFront.cheapestReaching(FIXTURE, 0.90)).get().extracting(Point::name).isEqualTo("adamw cosine");
        assertThat(ParetoFront.cheapestReaching(FIXTURE, 0.95)).isEmpty();
    }
}
