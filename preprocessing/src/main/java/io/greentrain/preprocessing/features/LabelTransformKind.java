package io.greentrain.preprocessing.features;

import java.util.Locale;

/** How the label is transformed before training; predictions are always mapped back. */
public enum LabelTransformKind {
    /** The label as it is. */
    NONE,
    /** The natural logarithm of the label; the label must be positive. */
    LOG;

    public static LabelTransformKind fromConfigName(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown label transform '" + name + "' (expected none or log)");
        }
    }
}
