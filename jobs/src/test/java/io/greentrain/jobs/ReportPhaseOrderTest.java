package io.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.greentrain.energy.report.PipelineGroups;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report orders phase groups by a list of step names it keeps itself (it may not depend on
 * {@code jobs}); that list must name every step of every pipeline, in the pipeline's order, and the
 * {@code predict} command's phase.
 */
class ReportPhaseOrderTest {

    @Test
    void theReportKnowsEveryPipelineStepInItsPipelinesOrder() {
        for (Pipeline pipeline : Pipelines.all()) {
            List<String> steps = pipeline.steps().stream().map(Step::name).toList();
            assertThat(PipelineGroups.IN_ORDER).as("the report's phase groups").containsAll(steps);
            List<String> reportOrder = PipelineGroups.IN_ORDER.stream().filter(steps::contains).toList();
            assertThat(reportOrder).as("%s's steps in the report's order", pipeline.name()).isEqualTo(steps);
        }
    }

    @Test
    void theReportKnowsThePredictCommandsPhase() {
        assertThat(PipelineGroups.IN_ORDER).contains(PredictCommand.PHASE);
    }
}
