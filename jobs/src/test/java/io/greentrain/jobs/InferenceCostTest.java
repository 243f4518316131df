package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class InferenceCostTest {

    @Test
    void predictionsPerJouleIsPredictionsOverTheJoulesOfThePhase() {
        InferenceCost cost = new InferenceCost(1_200, 2.0, 400.0, true);

        assertThat(cost.predictionsPerJoule()).isEqualTo(3.0);
        JsonNode json = cost.toJson();
        assertThat(json.path("predictions").asLong()).isEqualTo(1_200);
        assertThat(json.path("seconds").asDouble()).isEqualTo(2.0);
        assertThat(json.path("joules").asDouble()).isEqualTo(400.0);
        assertThat(json.path("predictionsPerJoule").asDouble()).isEqualTo(3.0);
        assertThat(json.path("energyEstimated").asBoolean()).isTrue();
    }

    @Test
    void anEstimatedFigureIsLabelledWhereverItIsPrinted() {
        assertThat(new InferenceCost(1_200, 2.0, 400.0, true).describe())
                .isEqualTo("1,200 predictions in 2.0 s, 111.1 mWh (estimated): 3 predictions per joule (estimated)");
        assertThat(new InferenceCost(1_200, 2.0, 400.0, false).describe()).doesNotContain("estimated");
    }

    @Test
    void withoutTheEnergyPluginOrWithNoEnergyThereIsNoRatioRatherThanAnInfiniteOne() {
        InferenceCost unknown = new InferenceCost(10, 0.5, Double.NaN, false);
        InferenceCost zero = new InferenceCost(10, 0.5, 0.0, true);

        assertThat(unknown.predictionsPerJoule()).isNaN();
        assertThat(zero.predictionsPerJoule()).isNaN();
        assertThat(unknown.toJson().path("joules").isNull()).isTrue();
        assertThat(zero.toJson().path("predictionsPerJoule").isNull()).isTrue();
        assertThat(unknown.describe()).isEqualTo("10 predictions in 0.5 s, energy unknown (no energy plugin)");
    }
}
