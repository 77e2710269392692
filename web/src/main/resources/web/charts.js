// Experiment charts with uPlot: a learning curve per metric (one series per run) and the final value of each
// metric per trial. Redrawn when experiments.json changes.
(function () {
  'use strict';
  var root = document.getElementById('charts');
  if (!root || !window.uPlot) return;
  var colors = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#4d7c0f'];
  var last = null;
  var plots = [];

  function section(title) {
    var box = document.createElement('div');
    box.className = 'chart';
    box.dataset.title = title;
    root.appendChild(box);
    return box;
  }

  function width() { return Math.max(320, Math.min(900, root.clientWidth || 800)); }

  function curve(name, runs) {
    var steps = new Set();
    runs.forEach(function (r) { r.curves[name][0].forEach(function (s) { steps.add(s); }); });
    var xs = Array.from(steps).sort(function (a, b) { return a - b; });
    var data = [xs];
    var series = [{ label: 'step' }];
    runs.forEach(function (r, i) {
      var byStep = new Map();
      r.curves[name][0].forEach(function (s, j) { byStep.set(s, r.curves[name][1][j]); });
      data.push(xs.map(function (s) { return byStep.has(s) ? byStep.get(s) : null; }));
      series.push({ label: r.id, stroke: colors[i % colors.length], spanGaps: true, width: 2 });
    });
    plots.push(new uPlot({ title: name + ' (learning curve)', width: width(), height: 240,
      scales: { x: { time: false } }, series: series }, data, section(name)));
  }

  function perTrial(name, runs) {
    var withValue = runs.filter(function (r) { return r.metrics[name] !== undefined; });
    if (!withValue.length) return;
    var xs = withValue.map(function (r, i) { return i + 1; });
    var ys = withValue.map(function (r) { return r.metrics[name]; });
    plots.push(new uPlot({ title: name + ' per trial', width: width(), height: 200,
      scales: { x: { time: false } },
      series: [{ label: 'trial' }, { label: name, stroke: colors[0], width: 1, points: { show: true, size: 8 } }] },
      [xs, ys], section(name + ' per trial')));
  }

  function draw(json) {
    plots.forEach(function (p) { p.destroy(); });
    plots = [];
    root.textContent = '';
    var runs = json.runs || [];
    var names = new Set();
    runs.forEach(function (r) { Object.keys(r.curves).forEach(function (n) { names.add(n); }); });
    Array.from(names).sort().forEach(function (name) {
      curve(name, runs.filter(function (r) { return r.curves[name]; }));
      perTrial(name, runs);
    });
    root.dataset.charts = String(plots.length);
  }

  function load() {
    fetch(root.dataset.src, { credentials: 'same-origin' })
      .then(function (r) { return r.text(); })
      .then(function (text) { if (text !== last) { last = text; draw(JSON.parse(text)); } })
      .catch(function () {});
  }

  load();
  setInterval(load, 5000);
})();
