package io.greentrain.energy.api;

import java.math.BigInteger;
import java.util.Comparator;
import org.apache.spark.SparkContext;

/**
 * How an application tells the energy accounting which phase of its work is running.
 *
 * <p>A phase is a short path such as {@code clean}, {@code convert}, {@code train/epoch-3} or {@code evaluate}. It
 * is carried as a Spark local property, so every job submitted from the calling thread afterwards (and every task of
 * those jobs) carries it too; Spark copies local properties into each task's properties, where a listener or
 * executor plugin reads them. Its first path element is its {@link #group group}: the step that reports fold
 * phases to ({@code train/epoch-3} is in {@code train}).
 *
 * <p>This is the whole coupling between the energy module and the code it measures: any Spark application can set
 * phases, and nothing here knows about our jobs or about DL4J.
 */
public final class Phases {

    /** The Spark local property that holds the current phase. */
    public static final String PHASE_PROPERTY = "greentrain.phase";

    /** What separates a phase path's elements; the first element is the phase's group. */
    public static final String SEPARATOR = "/";

    private Phases() {
    }

    /**
     * Marks the jobs that the calling thread submits from now on as belonging to {@code phase}.
     *
     * @param sc    the application's context
     * @param phase a non-blank phase path, for example {@code train/epoch-3}
     * @throws IllegalArgumentException if {@code phase} is null or blank
     */
    public static void enter(SparkContext sc, String phase) {
        if (phase == null || phase.isBlank()) {
            throw new IllegalArgumentException("phase must be a non-blank string");
        }
        sc.setLocalProperty(PHASE_PROPERTY, phase);
    }

    /** Clears the phase of the calling thread; later jobs are charged to the application alone. */
    public static void leave(SparkContext sc) {
        sc.setLocalProperty(PHASE_PROPERTY, null);
    }

    /** The calling thread's current phase, or {@code null} when none is set. */
    public static String current(SparkContext sc) {
        return sc.getLocalProperty(PHASE_PROPERTY);
    }

    /**
     * Enters {@code phase} until the returned scope is closed, which restores the calling thread's phase as it was
     * (or clears it, when none was set): {@code try (Phases.Scope epoch = Phases.scope(sc, "train/epoch-3")) {...}}.
     * Close it on the thread that opened it.
     *
     * @throws IllegalArgumentException if {@code phase} is null or blank
     */
    public static Scope scope(SparkContext sc, String phase) {
        String previous = current(sc);
        enter(sc, phase);
        return new Scope(sc, previous);
    }

    /**
     * The group of {@code phase}: its first path element ({@code train} for {@code train/epoch-3}; {@code idle} for
     * {@code idle}). The one definition of the rule; a Spark expression of it is
     * {@code substring_index(phase, Phases.SEPARATOR, 1)}.
     */
    public static String group(String phase) {
        int end = phase.indexOf(SEPARATOR);
        return end < 0 ? phase : phase.substring(0, end);
    }

    /**
     * Phases in the order people count them: text in alphabetical order, but runs of digits by their value, so
     * {@code train/epoch-2} comes before {@code train/epoch-10}. Null-hostile; consistent with {@code equals}.
     */
    public static final Comparator<String> NATURAL_ORDER = Phases::compareNaturally;

    private static int compareNaturally(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (Character.isDigit(x) && Character.isDigit(y)) {
                int endA = digitsEnd(a, i);
                int endB = digitsEnd(b, j);
                int byValue = new BigInteger(a.substring(i, endA)).compareTo(new BigInteger(b.substring(j, endB)));
                if (byValue != 0) {
                    return byValue;
                }
                i = endA;
                j = endB;
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        int byLength = Integer.compare(a.length() - i, b.length() - j);
        return byLength != 0 ? byLength : a.compareTo(b);
    }

    private static int digitsEnd(String text, int start) {
        int end = start;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return end;
    }

    /** A phase entered by {@link #scope}; closing it restores the phase that was current before. */
    public static final class Scope implements AutoCloseable {
        private final SparkContext sc;
        private final String previous;

        private Scope(SparkContext sc, String previous) {
            this.sc = sc;
            this.previous = previous;
        }

        /** Restores the phase that was current when the scope was opened. Idempotent in effect. */
        @Override
        public void close() {
            if (previous == null) {
                leave(sc);
            } else {
                enter(sc, previous);
            }
        }
    }
}
