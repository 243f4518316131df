package io.greentrain.preprocessing.text.dedup;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Connected components of an undirected graph given as an edge RDD, with the large-star / small-star algorithm
 * (Kiveris et al. 2014, "Connected Components in MapReduce and Beyond"): each round links every node's larger
 * neighbours to its smallest neighbour (large-star), then every node and its smaller neighbours to the smallest of
 * them (small-star). The edge set converges to stars around each component's smallest node; the loop stops when a
 * round changes no edge. Each round's edges are persisted and locally checkpointed so lineage stays short.
 *
 * <p>Driver-side entry point; the RDD operations run on the executors. Node ids are compared as strings, so the
 * label of a component is its smallest id.
 */
public final class ConnectedComponents {

    /** The components and how many rounds it took. {@code roots} maps every node of an edge to its component's smallest node. */
    public record Result(JavaPairRDD<String, String> roots, int rounds) {
    }

    private ConnectedComponents() {
    }

    /**
     * The component root of every node that has an edge (self-loops ignored).
     *
     * @throws IllegalStateException when {@code maxRounds} rounds do not converge
     */
    public static Result of(JavaPairRDD<String, String> edges, int maxRounds) {
        JavaPairRDD<String, String> current = edges
                .filter(e -> !e._1().equals(e._2()))
                .mapToPair(e -> e._1().compareTo(e._2()) > 0 ? e : e.swap())
                .distinct();
        current = persist(current);
        long currentSize = current.count();
        for (int round = 1; round <= maxRounds; round++) {
            JavaPairRDD<String, String> large = persist(largeStar(current));
            large.count();
            JavaPairRDD<String, String> small = persist(smallStar(large));
            long smallSize = small.count();
            // Both edge sets are distinct, so they are equal when their sizes and their intersection's size agree.
            boolean changed = smallSize != currentSize || small.intersection(current).count() != smallSize;
            currentSize = smallSize;
            current.unpersist(false);
            large.unpersist(false);
            current = small;
            if (!changed) {
                JavaPairRDD<String, String> roots = current
                        .flatMapToPair(e -> List.of(new Tuple2<>(e._1(), e._2()), new Tuple2<>(e._2(), e._2()))
                                .iterator())
                        .reduceByKey((x, y) -> x.compareTo(y) <= 0 ? x : y);
                return new Result(roots, round);
            }
        }
        throw new IllegalStateException("connected components did not converge in " + maxRounds + " rounds");
    }

    /** For each node u: every neighbour v > u is linked to m = min(neighbours of u, u). */
    private static JavaPairRDD<String, String> largeStar(JavaPairRDD<String, String> edges) {
        return edges
                .flatMapToPair(e -> List.of(e, e.swap()).iterator())
                .groupByKey()
                .flatMapToPair(node -> {
                    String u = node._1();
                    String m = u;
                    for (String v : node._2()) {
                        if (v.compareTo(m) < 0) {
                            m = v;
                        }
                    }
                    List<Tuple2<String, String>> out = new ArrayList<>();
                    for (String v : node._2()) {
                        if (v.compareTo(u) > 0) {
                            out.add(new Tuple2<>(v, m));
                        }
                    }
                    return out.iterator();
                })
                .distinct();
    }

    /** For each node u: u and every neighbour v < u are linked to m = min(smaller neighbours of u, u). */
    private static JavaPairRDD<String, String> smallStar(JavaPairRDD<String, String> edges) {
        return edges
                .mapToPair(e -> e._1().compareTo(e._2()) > 0 ? e : e.swap())
                .groupByKey()
                .flatMapToPair(node -> {
                    String u = node._1();
                    String m = u;
                    for (String v : node._2()) {
                        if (v.compareTo(m) < 0) {
                            m = v;
                        }
                    }
                    List<Tuple2<String, String>> out = new ArrayList<>();
                    if (!m.equals(u)) {
                        out.add(new Tuple2<>(u, m));
                    }
                    for (String v : node._2()) {
                        if (!v.equals(m)) {
                            out.add(new Tuple2<>(v, m));
                        }
                    }
                    return out.iterator();
                })
                .distinct();
    }

    private static JavaPairRDD<String, String> persist(JavaPairRDD<String, String> edges) {
        JavaPairRDD<String, String> persisted = edges.persist(StorageLevel.MEMORY_AND_DISK());
        persisted.rdd().localCheckpoint();
        return persisted;
    }
}
