package io.greentrain.preprocessing.text.dedup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.Tuple2;

/**
 * Connected components of a collected edge list by union-find (path halving, union by smaller root id), for edge
 * sets small enough to hold on the driver. Gives the same components as {@link ConnectedComponents}: each labelled
 * by its smallest node id (string order).
 */
final class DriverComponents {

    private DriverComponents() {
    }

    /**
     * One row per node of an edge: doc_id, its component's smallest id, and
     * the highest similarity of its edges, in the layout of {@link NearDuplicateFinder#ASSIGNMENT_SCHEMA}; rows
     * ordered by doc_id.
     */
    static List<Row> assignments(List<Tuple2<Tuple2<String, String>, Double>> edges) {
        Map<String, Integer> index = new HashMap<>();
        List<String> ids = new ArrayList<>();
        int[] from = new int[edges.size()];
        int[] to = new int[edges.size()];
        for (int e = 0; e < edges.size(); e++) {
            from[e] = index.computeIfAbsent(edges.get(e)._1()._1(), id -> register(ids, id));
            to[e] = index.computeIfAbsent(edges.get(e)._1()._2(), id -> register(ids, id));
        }
        // Nodes renumbered in id order, so that the smaller number of two roots is the smaller id.
        int n = ids.size();
        String[] sorted = ids.toArray(new String[0]);
        Arrays.sort(sorted);
        int[] rank = new int[n];
        for (int r = 0; r < n; r++) {
            rank[index.get(sorted[r])] = r;
        }
        int[] parent = new int[n];
        double[] best = new double[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
            best[i] = Double.NEGATIVE_INFINITY;
        }
        for (int e = 0; e < edges.size(); e++) {
            int u = rank[from[e]];
            int v = rank[to[e]];
            double similarity = edges.get(e)._2();
            best[u] = Math.max(best[u], similarity);
            best[v] = Math.max(best[v], similarity);
            int ru = root(parent, u);
            int rv = root(parent, v);
            if (ru != rv) {
                parent[Math.max(ru, rv)] = Math.min(ru, rv);
            }
        }
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create(sorted[i], sorted[root(parent, i)], best[i]));
        }
        return rows;
    }

    private static int register(List<String> ids, String id) {
        ids.add(id);
        return ids.size() - 1;
    }

    private static int root(int[] parent, int node) {
        int x = node;
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }
}
