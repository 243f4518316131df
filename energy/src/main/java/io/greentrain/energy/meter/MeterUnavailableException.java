package io.greentrain.energy.meter;

/**
 * Thrown when a meter cannot be opened on this machine: no counters, no driver, no permission.
 *
 * <p>Checked on purpose: every caller has to decide what to do instead, usually fall back to an
 * estimating meter and label its numbers {@link MeasurementMethod#ESTIMATED}. The message is one
 * line a person can act on: what is missing and, where we know it, how to fix it.
 */
public class MeterUnavailableException extends Exception {

    public MeterUnavailableException(String reason) {
        super(reason);
    }

    public MeterUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
