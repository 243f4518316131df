package io.greentrain.training.levers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The settings of a levers comparison that no other setting beats on both cost and accuracy, and
 * the recommended one: the cheapest that reaches the target.
 */
public final class ParetoFront {

    /**
     * One setting's outcome.
     *
     * @param name     the setting, for people
     * @param cost     what it cost (e.g. joules or gCO2e); lower is better
     * @param accuracy its validation quality; higher is better unless the caller negates it
     */
    public record Point(String name, double cost, double accuracy) {
    }

    private ParetoFront() {
    }

    /**
     * Whether each point is on the front: no other point costs at most as much and is at least as
     * accurate, and strictly better in one of the two. In the order given.
     */
    public static List<Boolean> onFront(List<Point> points) {
        List<Boolean> front = new ArrayList<>(points.size());
        for (Point point : points) {
            boolean dominated = points.stream().anyMatch(other -> other != point
                    && other.cost() <= point.cost() && other.accuracy() >= point.accuracy()
                    && (other.cost() < point.cost() || other.accuracy() > point.accuracy()));
            front.add(!dominated);
        }
        return front;
    }

    /** The cheapest point whose accuracy reaches {@code target}; empty when none does. */
    public static Optional<Point> cheapestReaching(List<Point> points, double target) {
        return points.stream().filter(p -> p.accuracy() >= target)
                .min(java.util.Comparator.comparingDouble(Point::cost));
    }
}
