package dev.mlintern.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.compute.MetricPoint;
import dev.mlintern.core.event.EventJson;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Charts a page carries as data for {@code runcharts.js} to draw with uPlot: lines of a metric over
 * steps (one series per run) and scatters of a parameter against a metric. The server aligns the
 * series on a shared x axis; the script only draws. {@link #html} embeds them as a JSON data block
 * (never executed, {@code <} escaped), so no page needs inline script.
 */
final class Charts {
  private final ArrayNode charts = EventJson.mapper().createArrayNode();

  /**
   * {@code series}: label to the points of one metric, each at its step (its position when the job
   * gave none).
   */
  Charts lines(String title, Map<String, List<MetricPoint>> series) {
    TreeSet<Long> steps = new TreeSet<>();
    Map<String, Map<Long, Double>> byStep = new TreeMap<>();
    series.forEach(
        (label, points) -> {
          Map<Long, Double> values = new TreeMap<>();
          for (int i = 0; i < points.size(); i++) {
            MetricPoint p = points.get(i);
            if (p.finite()) {
              long step = p.step() == null ? i : p.step();
              values.put(step, p.value());
              steps.add(step);
            }
          }
          byStep.put(label, values);
        });
    ObjectNode chart = charts.addObject().put("title", title).put("kind", "lines");
    chart.put("xLabel", "step");
    ArrayNode x = chart.putArray("x");
    steps.forEach(x::add);
    ArrayNode out = chart.putArray("series");
    series
        .keySet()
        .forEach(
            label -> {
              ObjectNode s = out.addObject().put("label", label);
              ArrayNode values = s.putArray("values");
              steps.forEach(
                  step -> {
                    Double v = byStep.get(label).get(step);
                    if (v == null) {
                      values.addNull();
                    } else {
                      values.add(v);
                    }
                  });
            });
    return this;
  }

  /**
   * One point per run: x its parameter value (a number, or the index of its category in {@code
   * categories} for text), y its metric.
   */
  Charts scatter(String title, String xLabel, List<double[]> points, List<String> categories) {
    List<double[]> sorted = points.stream().sorted((a, b) -> Double.compare(a[0], b[0])).toList();
    ObjectNode chart = charts.addObject().put("title", title).put("kind", "points");
    chart.put("xLabel", xLabel);
    ArrayNode x = chart.putArray("x");
    ArrayNode y = chart.putObject("y").putArray("values");
    sorted.forEach(
        p -> {
          x.add(p[0]);
          y.add(p[1]);
        });
    ArrayNode labels = chart.putArray("categories");
    categories.forEach(labels::add);
    return this;
  }

  boolean isEmpty() {
    return charts.isEmpty();
  }

  /** The charts' box, their data block and the scripts that draw them. */
  String html() {
    String json = charts.toString().replace("<", "\\u003c").replace(">", "\\u003e");
    return "<div id=\"run-charts\"></div><script type=\"application/json\" id=\"chart-data\">"
        + json
        + "</script><script src=\"/assets/uPlot.iife.min.js\"></script>"
        + "<script src=\"/assets/runcharts.js\"></script>";
  }
}
