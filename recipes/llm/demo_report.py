"""The offline LLM demo's report: the before/after table, the training curves (inline SVG), the
diagnosis of the unstable GRPO run and its rerun, and ``result.json``.

``write(stages, out)`` reads each stage's output folder (``stages``: {name: folder} for prepare,
warm, eval-baseline, sft, eval-sft, grpo-unstable, grpo, eval-final) and writes ``report.html``,
``report.md`` and ``result.json`` into ``out``. Called by ``demo_task.py report``.
"""

import html
import json
import os

from llmkit import diagnose, protocol

CURVES = (
    ("warm start and SFT: training loss", (("warm", "loss"), ("sft", "loss"))),
    (
        "GRPO: mean reward per step",
        (("grpo-unstable", "reward_mean"), ("grpo", "reward_mean")),
    ),
    ("GRPO: KL to the reference", (("grpo-unstable", "kl"), ("grpo", "kl"))),
)
COLORS = ("#1f77b4", "#d62728", "#2ca02c")


def _json(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _series(folder, name):
    path = os.path.join(folder, "metrics.jsonl")
    if not os.path.exists(path):
        return []
    points = [
        (r["step"], r["value"])
        for r in protocol.read_metrics(path)
        if r.get("name") == name and r.get("split", "train") == "train" and "step" in r
    ]
    return sorted(points)


def svg(title, lines):
    """A small line chart: ``lines`` is [(label, [(step, value)])]."""
    width, height, pad = 520, 220, 36
    points = [p for _, series in lines for p in series]
    if not points:
        return "<p>%s: no points</p>" % html.escape(title)
    x_max = max(x for x, _ in points) or 1
    y_lo, y_hi = min(0.0, min(y for _, y in points)), max(y for _, y in points) or 1.0

    def xy(x, y):
        return (
            pad + (width - 2 * pad) * x / x_max,
            height - pad - (height - 2 * pad) * (y - y_lo) / ((y_hi - y_lo) or 1.0),
        )

    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" role="img">'
        % (width, height),
        '<text x="%d" y="14" font-size="13">%s</text>' % (pad, html.escape(title)),
        '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>'
        % (pad, height - pad, width - pad, height - pad),
        '<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>' % (pad, pad, pad, height - pad),
        '<text x="2" y="%d" font-size="10">%.3g</text>' % (pad + 4, y_hi),
        '<text x="2" y="%d" font-size="10">%.3g</text>' % (height - pad, y_lo),
        '<text x="%d" y="%d" font-size="10">step %d</text>'
        % (width - pad - 40, height - pad + 14, x_max),
    ]
    for i, (label, series) in enumerate(lines):
        color = COLORS[i % len(COLORS)]
        coords = " ".join("%.1f,%.1f" % xy(x, y) for x, y in series)
        parts.append(
            '<polyline fill="none" stroke="%s" stroke-width="1.5" points="%s"/>' % (color, coords)
        )
        parts.append(
            '<text x="%d" y="30" font-size="11" fill="%s">%s</text>'
            % (pad + 10 + 120 * i, color, html.escape(label))
        )
    parts.append("</svg>")
    return "".join(parts)


def _accuracy(folder, tag):
    return _json(folder, "result.json").get("metrics", {}).get(tag + "_accuracy")


def write(stages, out):
    """Writes report.html, report.md and result.json into ``out``; returns result.json's object."""
    import demo_task

    os.makedirs(out, exist_ok=True)
    final = demo_task.result(os.path.join(stages["eval-final"], "predictions.jsonl"))
    rows = [
        ("warm start (format only): the baseline", _accuracy(stages["eval-baseline"], "baseline")),
        ("after SFT", _accuracy(stages["eval-sft"], "candidate")),
        ("after GRPO (the rerun)", final["final"]),
    ]
    unstable = stages["grpo-unstable"]
    found = diagnose.diagnose(
        protocol.read_metrics(os.path.join(unstable, "metrics.jsonl")),
        _json(unstable, "config.json"),
    )["findings"]
    said = found[0]["message"] if found else "no problem found"
    rerun = {k: _json(stages["grpo"], "config.json").get(k) for k in ("learning_rate", "beta")}
    was = {k: _json(unstable, "config.json").get(k) for k in rerun}
    items = final["items"]
    summary = (
        "exact match on %d held-out problems: %.3f before, %.3f after (difference %+.3f, 95%% "
        "interval ± %.3f, sign test p = %.3g)"
        % (
            items,
            final["baseline"],
            final["final"],
            final["final"] - final["baseline"],
            final["ci"],
            final["sign_test_p"],
        )
    )
    md = [
        "# Teaching a tiny model to add two-digit numbers",
        "",
        summary,
        "",
        "| model | exact match |",
        "|---|---|",
    ]
    md += ["| %s | %s |" % (name, "—" if v is None else "%.3f" % v) for name, v in rows]
    md += [
        "",
        "## The unstable GRPO run",
        "",
        "Settings %s. Diagnosis: %s." % (json.dumps(was), said),
        "",
        "Rerun with %s." % json.dumps(rerun),
        "",
    ]
    charts = [
        svg(title, [(name, _series(stages[name], metric)) for name, metric in lines])
        for title, lines in CURVES
    ]
    table = "".join(
        "<tr><td>%s</td><td>%s</td></tr>" % (html.escape(name), "—" if v is None else "%.3f" % v)
        for name, v in rows
    )
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><title>mlintern demo llm</title></head>"
        "<body style='font-family:sans-serif;max-width:60em'>"
        "<h1>Teaching a tiny model to add two-digit numbers</h1><p>%s</p>"
        "<table border='1' cellpadding='4'><tr><th>model</th><th>exact match</th></tr>%s</table>"
        "<h2>Curves</h2>%s<h2>The unstable GRPO run</h2><p>Settings %s. Diagnosis: %s.</p>"
        "<p>Rerun with %s.</p></body></html>"
        % (
            html.escape(summary),
            table,
            "<br>".join(charts),
            html.escape(json.dumps(was)),
            html.escape(said),
            html.escape(json.dumps(rerun)),
        )
    )
    with open(os.path.join(out, "report.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(md))
    with open(os.path.join(out, "report.html"), "w", encoding="utf-8") as f:
        f.write(page)
    with open(os.path.join(out, "result.json"), "w", encoding="utf-8") as f:
        json.dump(final, f, indent=2)
    return final
