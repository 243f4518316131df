package io.greentrain.training.allreduce;

/** How the replicas of an allreduce run stay in step. */
public enum SyncMode {

    /**
     * Every step, the replicas' gradients are summed and each replica applies the same averaged
     * gradient with its own, identical updater: {@code N} workers with per-worker batch {@code b}
     * train as one JVM with batch {@code N x b} (up to float rounding).
     */
    GRADIENT,

    /**
     * Each replica takes {@code localSteps} steps on its own, then parameters and updater state are
     * averaged (local SGD). Fewer exchanges, at the cost of replicas drifting apart between them.
     */
    LOCAL_SGD;

    /** The mode named {@code gradient} or {@code local-sgd}, as the configuration spells it. */
    public static SyncMode named(String name) {
        return switch (name) {
            case "gradient" -> GRADIENT;
            case "local-sgd" -> LOCAL_SGD;
            default -> throw new IllegalArgumentException("sync mode must be gradient or local-sgd, got '" + name + "'");
        };
    }
}
