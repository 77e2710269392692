package dev.mlintern.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * One {@code MLINTERN_METRIC} value; {@code value} may be NaN or infinite, {@code step} and {@code
 * split} null.
 */
public record MetricPoint(String name, double value, Long step, String split) {
  /**
   * The value as the fixed JSON contract wants it: a number, or "NaN" / "Infinity" / "-Infinity".
   */
  public JsonNode jsonValue() {
    if (Double.isNaN(value)) {
      return TextNode.valueOf("NaN");
    }
    if (Double.isInfinite(value)) {
      return TextNode.valueOf(value > 0 ? "Infinity" : "-Infinity");
    }
    return DoubleNode.valueOf(value);
  }

  /**
   * Six significant digits without trailing zeros (0.25, 12.3457, 1.2e-07); NaN and infinities by
   * name.
   */
  public static String format(double value) {
    if (!Double.isFinite(value)) {
      return Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
    }
    java.math.BigDecimal d =
        new java.math.BigDecimal(value).round(new java.math.MathContext(6)).stripTrailingZeros();
    return Math.abs(value) >= 1e-4 && Math.abs(value) < 1e9 || value == 0
        ? d.toPlainString()
        : d.toString();
  }

  public boolean finite() {
    return Double.isFinite(value);
  }
}
