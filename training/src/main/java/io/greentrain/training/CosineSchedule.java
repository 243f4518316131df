package io.greentrain.training;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Cosine annealing (Loshchilov and Hutter, SGDR, 2017, without restarts): the value falls from
 * {@code initialValue} to {@code finalValue} along half a cosine over {@code length} iterations (or
 * epochs), and stays at {@code finalValue} after that. DL4J 1.0.0-M2 has no cosine schedule. Serialised
 * with the network's configuration (Jackson, through the constructor's properties).
 */
public final class CosineSchedule implements ISchedule {

    private static final long serialVersionUID = 1L;

    private final ScheduleType scheduleType;
    private final double initialValue;
    private final double finalValue;
    private final double length;

    /**
     * @param scheduleType whether {@code length} counts iterations (minibatch steps) or epochs
     * @param initialValue the value at 0
     * @param finalValue   the value at {@code length} and after
     * @param length       iterations or epochs of the fall; positive
     */
    public CosineSchedule(@JsonProperty("scheduleType") ScheduleType scheduleType,
                          @JsonProperty("initialValue") double initialValue,
                          @JsonProperty("finalValue") double finalValue,
                          @JsonProperty("length") double length) {
        if (!(length > 0)) {
            throw new IllegalArgumentException("a cosine schedule needs a positive length, got " + length);
        }
        this.scheduleType = scheduleType;
        this.initialValue = initialValue;
        this.finalValue = finalValue;
        this.length = length;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        double position = scheduleType == ScheduleType.ITERATION ? iteration : epoch;
        double progress = Math.min(1, position / length);
        return finalValue + 0.5 * (initialValue - finalValue) * (1 + Math.cos(Math.PI * progress));
    }

    @Override
    public ISchedule clone() {
        return new CosineSchedule(scheduleType, initialValue, finalValue, length);
    }

    public ScheduleType getScheduleType() {
        return scheduleType;
    }

    public double getInitialValue() {
        return initialValue;
    }

    public double getFinalValue() {
        return finalValue;
    }

    public double getLength() {
        return length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CosineSchedule that && scheduleType == that.scheduleType
                && initialValue == that.initialValue && finalValue == that.finalValue && length == that.length;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(scheduleType, initialValue, finalValue, length);
    }

    @Override
    public String toString() {
        return "CosineSchedule(" + scheduleType + ", " + initialValue + " -> " + finalValue + " over " + length + ")";
    }
}
