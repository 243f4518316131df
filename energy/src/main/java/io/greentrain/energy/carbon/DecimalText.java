package io.greentrain.energy.carbon;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Numbers as they appear in source strings: plain notation, at most three decimals, no trailing zeros. */
final class DecimalText {

    private DecimalText() {
    }

    static String of(double value) {
        return BigDecimal.valueOf(value).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
