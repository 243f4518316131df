package io.greentrain.jobs.carbon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.greentrain.energy.carbon.IntensityTimeSeries;
import io.greentrain.formats.JsonFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CarbonWindowTest {

    /**
     * Hourly DE values from 18:00 to 05:00 (the last holds until 06:00): high in the evening, lowest
     * (100) from 02:00 to 04:00, so the best 2 h window before 06:00 starts at 02:00.
     */
    private static final String FORECAST = String.join("\n",
            "datetime,zone,carbon_intensity",
            "2026-12-03T18:00:00Z,DE,400",
            "2026-12-03T19:00:00Z,DE,420",
            "2026-12-03T20:00:00Z,DE,380",
            "2026-12-03T21:00:00Z,DE,300",
            "2026-12-03T22:00:00Z,DE,250",
            "2026-12-03T23:00:00Z,DE,200",
            "2026-12-04T00:00:00Z,DE,160",
            "2026-12-04T01:00:00Z,DE,130",
            "2026-12-04T02:00:00Z,DE,100",
            "2026-12-04T03:00:00Z,DE,100",
            "2026-12-04T04:00:00Z,DE,180",
            "2026-12-04T05:00:00Z,DE,260",
            "2026-12-03T18:00:00Z,FR,50",
            "2026-12-04T05:00:00Z,FR,50",
            "");

    @TempDir
    Path dir;

    private Path forecast() throws IOException {
        Path csv = dir.resolve("forecast.csv");
        Files.writeString(csv, FORECAST);
        return csv;
    }

    @Test
    void findsTheKnownMinimumOfTheSeriesAndTheSavingAgainstStartingNow() throws IOException {
        IntensityTimeSeries series = IntensityTimeSeries.read(forecast());

        CarbonWindow.Plan plan = CarbonWindow.plan(series, "DE", Instant.parse("2026-12-03T18:20:00Z"),
                Duration.ofHours(2), Instant.parse("2026-12-04T06:00:00Z"), Duration.ofMinutes(5));

        assertThat(plan.best().start()).isEqualTo(Instant.parse("2026-12-04T02:00:00Z"));
        assertThat(plan.best().gramsPerKwh()).isEqualTo(100, within(1e-9));
        // Now: 40 min at 400, 60 at 420, 20 at 380.
        double now = (40 * 400 + 60 * 420 + 20 * 380) / 120.0;
        assertThat(plan.now().gramsPerKwh()).isEqualTo(now, within(1e-9));
        assertThat(plan.savingShare()).isEqualTo(1 - 100 / now, within(1e-9));
        assertThat(plan.waitBeforeStart()).isEqualTo(Duration.ofMinutes(7 * 60 + 40));
    }

    @Test
    void anEarlierDeadlineMovesTheBestStartToTheBestWindowThatStillEndsInTime() throws IOException {
        IntensityTimeSeries series = IntensityTimeSeries.read(forecast());

        CarbonWindow.Plan plan = CarbonWindow.plan(series, "DE", Instant.parse("2026-12-03T18:00:00Z"),
                Duration.ofHours(2), Instant.parse("2026-12-04T03:30:00Z"), Duration.ofMinutes(5));

        assertThat(plan.best().start()).isEqualTo(Instant.parse("2026-12-04T01:30:00Z"));
        assertThat(plan.best().gramsPerKwh()).isEqualTo((30 * 130 + 90 * 100) / 120.0, within(1e-9));
    }

    @Test
    void startsNowWhenNowIsAlreadyTheBest() throws IOException {
        IntensityTimeSeries series = IntensityTimeSeries.read(forecast());

        CarbonWindow.Plan plan = CarbonWindow.plan(series, "FR", Instant.parse("2026-12-03T18:00:00Z"),
                Duration.ofHours(2), Instant.parse("2026-12-04T06:00:00Z"), Duration.ofMinutes(5));

        assertThat(plan.best().start()).isEqualTo(plan.now().start());
        assertThat(plan.savingShare()).isZero();
    }

    @Test
    void aDeadlineThatLeavesNoWindowIsOneClearError() throws IOException {
        IntensityTimeSeries series = IntensityTimeSeries.read(forecast());

        assertThatThrownBy(() -> CarbonWindow.plan(series, "DE", Instant.parse("2026-12-04T05:00:00Z"),
                Duration.ofHours(2), Instant.parse("2026-12-04T06:00:00Z"), Duration.ofMinutes(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the deadline 2026-12-04T06:00:00Z leaves no window of 2h after now (2026-12-04T05:00:00Z):"
                        + " the job would have had to start by 2026-12-04T04:00:00Z");
    }

    @Test
    void aSeriesThatEndsTooEarlyIsOneClearError() throws IOException {
        IntensityTimeSeries series = IntensityTimeSeries.read(forecast());

        assertThatThrownBy(() -> CarbonWindow.plan(series, "DE", Instant.parse("2026-12-04T04:30:00Z"),
                Duration.ofHours(2), Instant.parse("2026-12-04T09:00:00Z"), Duration.ofMinutes(5)))
                .hasMessageContaining("the intensity series of DE ends at 2026-12-04T06:00:00Z");
    }

    @Test
    void theCommandPrintsJsonForSchedulersAndExitsTwoWithOneLineWhenThereIsNoWindow() throws IOException {
        String csv = forecast().toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        int ok = CarbonWindowCommand.run(new String[] {"--zone", "DE", "--duration", "2h", "--deadline",
                "2026-12-04T06:00Z", "--intensity", csv, "--now", "2026-12-03T18:00Z", "--kwh", "3", "--json"},
                new PrintStream(out), new PrintStream(err));
        int noWindow = CarbonWindowCommand.run(new String[] {"--zone", "DE", "--duration", "2h", "--deadline",
                "2026-12-04T06:00Z", "--intensity", csv, "--now", "2026-12-04T05:00Z"},
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));

        assertThat(ok).as(err.toString(StandardCharsets.UTF_8)).isZero();
        JsonNode plan = JsonFiles.MAPPER.readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(plan.path("startAt").asText()).isEqualTo("2026-12-04T02:00:00Z");
        assertThat(plan.path("waitSeconds").asLong()).isEqualTo(8 * 3600);
        assertThat(plan.path("savingGco2e").asDouble()).isEqualTo(3 * (410 - 100), within(1e-9));
        assertThat(noWindow).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip()).startsWith("error: the deadline").doesNotContain("\n");
    }
}
