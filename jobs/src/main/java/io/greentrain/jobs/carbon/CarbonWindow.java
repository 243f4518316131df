package io.greentrain.jobs.carbon;

import io.greentrain.energy.carbon.IntensityTimeSeries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When to start a job of known duration before a deadline so that its expected emissions are
 * lowest, from a carbon-intensity forecast ({@link IntensityTimeSeries}): the start whose window
 * has the lowest time-weighted mean intensity, and the saving against starting now. The job is
 * assumed to draw the same power throughout, so its emissions are proportional to the window's
 * mean intensity and the saving as a share needs no energy figure.
 *
 * <p>Candidate starts are now, the latest start that still ends by the deadline, and every
 * multiple of {@code step} (counted from the epoch, so 5 minutes hits every quarter hour and every
 * hour of a forecast) in between; a series whose values change on such boundaries is searched
 * exactly. Ties go to the earliest start.
 */
public final class CarbonWindow {

    /** A window and its time-weighted mean intensity, gCO2e/kWh. */
    public record Window(Instant start, Instant end, double gramsPerKwh) {
    }

    /**
     * The answer: starting now, the best start, and the saving of the best against now as a share
     * of now's emissions (0 when now is best).
     */
    public record Plan(String zone, Duration duration, Instant deadline, Window now, Window best) {

        public double savingShare() {
            return now.gramsPerKwh() > 0 ? 1 - best.gramsPerKwh() / now.gramsPerKwh() : 0;
        }

        /** How long to wait from now until the best start. */
        public Duration waitBeforeStart() {
            return Duration.between(now.start(), best.start());
        }
    }

    private CarbonWindow() {
    }

    /**
     * The plan for a job of {@code duration} in {@code zone}, starting at {@code now} or later and
     * ending by {@code deadline}.
     *
     * @throws IllegalArgumentException one line for people when the deadline leaves no window after
     *                                  now, or the series does not cover the windows in question
     */
    public static Plan plan(IntensityTimeSeries series, String zone, Instant now, Duration duration, Instant deadline,
                            Duration step) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive, got " + duration);
        }
        if (step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("--step must be positive, got " + step);
        }
        Instant latest = deadline.minus(duration);
        if (latest.isBefore(now)) {
            throw new IllegalArgumentException("the deadline " + deadline + " leaves no window of " + text(duration)
                    + " after now (" + now + "): the job would have had to start by " + latest);
        }
        if (!series.zones().contains(zone.toUpperCase(java.util.Locale.ROOT))) {
            throw new IllegalArgumentException("the intensity series has no zone " + zone + " (it has "
                    + series.zones() + ")");
        }
        Instant coverageStart = series.coverageStart(zone);
        Instant coverageEnd = series.coverageEnd(zone);
        if (now.isBefore(coverageStart)) {
            throw new IllegalArgumentException("the intensity series of " + zone + " starts at " + coverageStart
                    + ", after now (" + now + "): it cannot price starting now");
        }
        Instant coveredLatest = coverageEnd.minus(duration);
        if (coveredLatest.isBefore(latest)) {
            latest = coveredLatest;
        }
        if (latest.isBefore(now)) {
            throw new IllegalArgumentException("the intensity series of " + zone + " ends at " + coverageEnd
                    + ": it covers no window of " + text(duration) + " from now (" + now + ")");
        }
        Window startNow = window(series, zone, now, duration);
        Window best = startNow;
        for (Instant start : candidates(now, latest, step)) {
            Window candidate = window(series, zone, start, duration);
            if (candidate.gramsPerKwh() < best.gramsPerKwh()) {
                best = candidate;
            }
        }
        return new Plan(zone, duration, deadline, startNow, best);
    }

    static List<Instant> candidates(Instant now, Instant latest, Duration step) {
        List<Instant> starts = new ArrayList<>();
        long stepMillis = step.toMillis();
        long first = Math.floorDiv(now.toEpochMilli(), stepMillis) * stepMillis + stepMillis;
        for (long at = first; at < latest.toEpochMilli(); at += stepMillis) {
            starts.add(Instant.ofEpochMilli(at));
        }
        starts.add(latest);
        return starts;
    }

    private static Window window(IntensityTimeSeries series, String zone, Instant start, Duration duration) {
        Instant end = start.plus(duration);
        return new Window(start, end, series.intensity(zone, start, end).gramsPerKwh());
    }

    /** {@code 2h}, {@code 1h 30m}, {@code 45m}, {@code 30s}. */
    static String text(Duration duration) {
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        int seconds = duration.toSecondsPart();
        StringBuilder text = new StringBuilder();
        if (hours > 0) {
            text.append(hours).append('h');
        }
        if (minutes > 0) {
            text.append(text.length() > 0 ? " " : "").append(minutes).append('m');
        }
        if (seconds > 0 || text.length() == 0) {
            text.append(text.length() > 0 ? " " : "").append(seconds).append('s');
        }
        return text.toString();
    }
}
