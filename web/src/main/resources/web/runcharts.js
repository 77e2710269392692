// Draws the charts a run or comparison page carries in #chart-data with uPlot: "lines" (a metric over steps,
// one series per run) and "points" (a parameter against a metric). The server aligned the data; this only draws.
(function () {
  'use strict';
  var root = document.getElementById('run-charts');
  var data = document.getElementById('chart-data');
  if (!root || !data || !window.uPlot) return;
  var colors = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#4d7c0f'];
  var width = Math.max(320, Math.min(900, root.clientWidth || 800));
  var drawn = 0;

  JSON.parse(data.textContent).forEach(function (chart) {
    var box = document.createElement('div');
    box.className = 'chart';
    box.dataset.title = chart.title;
    root.appendChild(box);
    var x = { label: chart.xLabel };
    var axes = [{ label: chart.xLabel }, {}];
    if (chart.categories && chart.categories.length) {
      axes[0].values = function (u, ticks) {
        return ticks.map(function (t) { return Number.isInteger(t) ? (chart.categories[t] || '') : ''; });
      };
    }
    if (chart.kind === 'points') {
      // pad the x range so that runs at the smallest and largest value are not drawn on the frame
      var padded = { time: false, range: function (u, min, max) {
        var pad = (max - min) * 0.1 || Math.abs(min) * 0.1 || 1;
        return [min - pad, max + pad];
      } };
      new uPlot({ title: chart.title, width: width, height: 260, scales: { x: padded }, axes: axes,
        series: [x, { label: chart.title, stroke: colors[0], width: 0, points: { show: true, size: 9 } }] },
        [chart.x, chart.y.values], box);
    } else {
      var series = [x];
      var columns = [chart.x];
      chart.series.forEach(function (s, i) {
        series.push({ label: s.label, stroke: colors[i % colors.length], spanGaps: true, width: 2 });
        columns.push(s.values);
      });
      new uPlot({ title: chart.title, width: width, height: 260, scales: { x: { time: false } }, axes: axes,
        series: series }, columns, box);
    }
    drawn++;
  });
  root.dataset.charts = String(drawn);
})();
