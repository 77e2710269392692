package dev.mlintern.app.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's plots as PNG bytes, drawn headless with JFreeChart. */
final class Charts {
  private static final int WIDTH = 760;
  private static final int HEIGHT = 360;

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Charts() {}

  /** Metric per trial, in the order they ran; failed trials are left out. */
  static Optional<byte[]> metricPerTrial(ReportInput input) {
    XYSeries cv = new XYSeries("cross-validation");
    XYSeries train = new XYSeries("training rows");
    XYSeries valid = new XYSeries("validation rows");
    int i = 0;
    for (ReportInput.Trial t : input.trials()) {
      i++;
      if (t.score() == null || "failed".equals(t.status())) {
        continue;
      }
      if ("holdout".equals(t.mode())) {
        valid.add(i, t.score());
      } else if (!"final".equals(t.mode())) {
        cv.add(i, t.score());
        if (t.trainScore() != null) {
          train.add(i, t.trainScore());
        }
      }
    }
    if (cv.isEmpty() && valid.isEmpty()) {
      return Optional.empty();
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(cv);
    data.addSeries(train);
    data.addSeries(valid);
    JFreeChart chart =
        ChartFactory.createScatterPlot(
            "Metric per trial",
            "trial (in run order)",
            metric(input),
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    style(chart);
    return Optional.of(png(chart));
  }

  /**
   * Learning curves: one line per trial and split (staged boosting iterations, or any [step, value]
   * series).
   */
  static Optional<byte[]> learningCurves(ReportInput input) {
    if (input.curves().isEmpty()) {
      return Optional.empty();
    }
    XYSeriesCollection data = new XYSeriesCollection();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (ReportInput.Curve curve : input.curves().subList(0, Math.min(8, input.curves().size()))) {
      String key = curve.trial() + " (" + curve.split() + ")";
      seen.merge(key, 1, Integer::sum);
      XYSeries series = new XYSeries(seen.get(key) == 1 ? key : key + " #" + seen.get(key));
      for (List<Double> point : curve.points()) {
        if (point.size() >= 2 && point.get(0) != null && point.get(1) != null) {
          series.add(point.get(0), point.get(1));
        }
      }
      data.addSeries(series);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            "Learning curves",
            "iteration",
            metric(input),
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    style(chart);
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
    for (int s = 0; s < data.getSeriesCount(); s++) {
      renderer.setSeriesStroke(
          s, new BasicStroke(data.getSeriesKey(s).toString().contains("train") ? 1.2f : 2f));
    }
    ((XYPlot) chart.getPlot()).setRenderer(renderer);
    ((org.jfree.chart.axis.NumberAxis) ((XYPlot) chart.getPlot()).getRangeAxis())
        .setAutoRangeIncludesZero(false);
    return Optional.of(png(chart));
  }

  /**
   * Finalists: cross-validation during the search beside the score on rows the search never used.
   */
  static Optional<byte[]> validation(ReportInput input) {
    if (input.validation().isEmpty()) {
      return Optional.empty();
    }
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    List<String> names = new ArrayList<>();
    for (ReportInput.Validation v : input.validation()) {
      String name =
          v.candidate().length() > 24 ? v.candidate().substring(0, 24) + "…" : v.candidate();
      names.add(name);
      if (v.cvScore() != null) {
        data.addValue(v.cvScore(), "cross-validation", name);
      }
      data.addValue(v.score(), "validation rows", name);
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Validation evidence for the choice",
            "finalist",
            metric(input),
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    chart.setBackgroundPaint(Color.WHITE);
    var plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    var range = (org.jfree.chart.axis.NumberAxis) plot.getRangeAxis();
    range.setAutoRangeIncludesZero(false);
    return Optional.of(png(chart));
  }

  private static String metric(ReportInput input) {
    return input.metric() == null ? "metric" : input.metric();
  }

  private static void style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = (XYPlot) chart.getPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
  }

  private static byte[] png(JFreeChart chart) {
    try {
      return ChartUtils.encodeAsPNG(chart.createBufferedImage(WIDTH, HEIGHT));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
