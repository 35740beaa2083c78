package backprop.run;

import java.math.BigDecimal;

/** Numbers and values as messages show them: short, whatever the user typed. */
final class Numbers {
    /** Longer values than this are cut in messages. */
    private static final int MAX_SHOWN = 40;

    private Numbers() {
    }

    /** {@code 0.5}, {@code 3}, {@code 1e+300}: the shortest form, never hundreds of digits. */
    static String compact(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        String plain = Double.toString(value);
        if (Math.abs(value) >= 1e6 || (value != 0 && Math.abs(value) < 1e-4)) {
            return new BigDecimal(plain).stripTrailingZeros().toString().replace("E+", "e").replace("E", "e");
        }
        return plain;
    }

    /** To four significant digits, with an exponent only when very large or small: {@code 0.0002467}, {@code 3e300}. */
    static String readable(double value) {
        if (!Double.isFinite(value)) {
            return Double.toString(value);
        }
        BigDecimal rounded = new BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros();
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (rounded.signum() == 0 || (exponent >= -4 && exponent <= 6)) {
            return rounded.toPlainString();
        }
        return rounded.toString().replace("E+", "e").replace("E", "e");
    }

    /** A value the user gave, quoted, cut short if long. */
    static String shown(String value) {
        String trimmed = value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "..." : value;
        return "'" + trimmed + "'";
    }
}
