package io.greentrain.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The build refuses a forbidden edge between our modules: scripts/check-module-edges.sh adds
 * training -> preprocessing to a copy of the poms and runs the enforcer on it. One edge keeps this
 * to a few seconds; the script with no argument tries every forbidden edge.
 */
class ModuleEdgesTest {

    @Test
    void theBuildRefusesATrainingDependencyOnPreprocessing() {
        ProjectFiles.Result result = ProjectFiles.run("scripts/check-module-edges.sh", "training:preprocessing");

        assertThat(result.exitCode()).as(result.stdout() + result.stderr()).isZero();
        assertThat(result.stdout()).contains("refused training -> preprocessing");
    }
}
