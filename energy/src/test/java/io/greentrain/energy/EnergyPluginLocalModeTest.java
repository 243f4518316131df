package io.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.greentrain.energy.plugin.EnergyAccounting;
import io.greentrain.energy.plugin.EnergyReport;
import io.greentrain.testsupport.LocalSpark;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.metrics.source.Source;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import scala.collection.JavaConverters;

/** The plugin bolted onto a plain Spark application in local mode, as any user would. */
class EnergyPluginLocalModeTest {

    static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(LocalSpark.conf("any-spark-application")
                .set("spark.plugins", EnergyPlugin.class.getName())
                .set("spark.greentrain.energy.sampleInterval", "100ms")
                // This machine may or may not expose RAPL: point at an empty tree to pin the estimate path.
                .set("spark.greentrain.energy.rapl.root", System.getProperty("java.io.tmpdir") + "/no-powercap-here"));
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @Test
    void recordsNoWorkWithoutALedgerButStillRefusesBadWork() {
        assertThat(EnergyPlugin.recordWork(sc.sc(), "train/epoch-1", "tokens", 1_000)).isFalse();
        assertThatThrownBy(() -> EnergyPlugin.recordWork(sc.sc(), "train/epoch-1", "Tokens", 1_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unit 'Tokens'");
        assertThatThrownBy(() -> EnergyPlugin.recordWork(sc.sc(), " ", "tokens", 1_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("phase");
    }

    @Test
    void measuresAPlainApplicationAndLabelsTheEstimates() throws InterruptedException {
        Phases.enter(sc.sc(), "work");
        sc.parallelize(IntStream.range(0, 200_000).boxed().toList(), 2).map(i -> Math.sqrt(i)).reduce(Double::sum);
        Phases.leave(sc.sc());

        EnergyAccounting accounting = EnergyAccounting.forApplication(sc.sc().applicationId()).orElseThrow();
        assertThat(accounting.awaitSamplesUntil(System.currentTimeMillis(), 5_000)).isTrue();
        EnergyReport report = accounting.report();

        assertThat(report.joules()).isPositive();
        assertThat(report.executors()).containsExactly("driver");
        assertThat(report.byDomain()).containsOnlyKeys("cpu-estimated", "memory-estimated");
        assertThat(report.byDomain().values()).allSatisfy(domain -> {
            assertThat(domain.method().code()).isEqualTo("estimated");
            assertThat(domain.provenance()).contains("Cloud Carbon Footprint");
        });
        assertThat(report.measuredShare()).isZero();
        assertThat(report.byPhase()).containsKey("work");
    }

    @Test
    void publishesEnergyAndPowerPerDomainAsSparkMetrics() {
        List<Source> sources = JavaConverters.seqAsJavaList(
                SparkEnv.get().metricsSystem().getSourcesByName("plugin." + EnergyPlugin.class.getName()));
        assertThat(sources).hasSize(1);
        MetricRegistry registry = sources.get(0).metricRegistry();

        assertThat(registry.getGauges().keySet()).contains("energy.joules", "energy.kwh", "power.watts",
                "energy.cpu-estimated.joules", "power.cpu-estimated.watts", "energy.cpu-package.joules",
                "energy.dram.joules", "energy.gpu.joules", "energy.memory-estimated.joules", "energy.sequenceGaps");
        Gauge<?> joules = registry.getGauges().get("energy.joules");
        assertThat((Double) joules.getValue()).isGreaterThanOrEqualTo(0.0);
    }
}
