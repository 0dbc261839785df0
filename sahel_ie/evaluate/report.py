"""Rendering a scoring report: a text table for the terminal, JSON for tools, HTML for a person.

The HTML page is self-contained (the per-slot chart is a base64 PNG drawn with matplotlib's Agg backend,
no files beside it), so it can be attached to an issue or opened from a CI artifact.
"""

from __future__ import annotations

import base64
import html
import io
import json
from pathlib import Path
from typing import Any

from sahel_ie.evaluate.scoring import RECORD_TYPES, Report


def _row(name: str, c: dict[str, Any]) -> str:
    return (f"{name:<28} {c['precision']:>6.3f} {c['recall']:>6.3f} {c['f1']:>6.3f} "
            f"{c['tp']:>5} {c['fp']:>5} {c['fn']:>5}")


def format_table(report: Report | dict[str, Any]) -> str:
    """Plain-text table of record and slot scores, with micro/macro summaries."""
    data = report.to_dict(with_errors=False) if isinstance(report, Report) else report
    head = f"{'':<28} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}"
    lines = [f"articles: {data['articles']}", "", "records", head]
    lines += [_row(t, data["records"][t]) for t in RECORD_TYPES]
    lines.append(_row("micro", data["records_micro"]))
    lines.append(f"{'macro F1':<28} {data['summary']['records.macro_f1']:>20.3f}")
    lines += ["", "slots", head]
    lines += [_row(s, c) for s, c in data["slots"].items()]
    lines.append(_row("micro", data["slots_micro"]))
    lines.append(f"{'macro F1':<28} {data['summary']['slots.macro_f1']:>20.3f}")
    if data.get("per_style"):
        lines += ["", "record F1 by article style"]
        lines += [f"{style:<28} " + " ".join(f"{t} {v[t]:.3f}" for t in RECORD_TYPES) + f"  ({v['articles']} articles)"
                  for style, v in data["per_style"].items()]
    if data.get("matched_accuracy"):
        lines += ["", "accuracy on matched records (aligned pairs whose gold slot has a value)"]
        lines += [f"{slot:<28} {cell['accuracy']:>6.3f} {cell['right']:>5} / {cell['total']}"
                  for slot, cell in data["matched_accuracy"].items()]
    neg = data["negatives"]
    lines += ["", f"negatives violated: {neg['violated']} of {neg['total']} negative sentences"
                  f" (background leak {neg.get('leak', 0.0):.3f})"]
    unmapped = data.get("unmapped_actors") or []
    if unmapped:
        by_role: dict[str, dict[str, list[str]]] = {}
        for u in unmapped:
            by_role.setdefault(u["role"], {}).setdefault(u["name"], []).append(u["doc_id"])
        lines += ["", "gold actor names the knowledge base does not resolve"]
        for role, names in by_role.items():
            note = " (source descriptions, compared as text)" if role == "attribution.by" else " (never matched)"
            lines.append(f"  {role}{note}:")
            lines += [f"    {name!r} ({', '.join(docs)})" for name, docs in sorted(names.items())]
    if data.get("missing_predictions"):
        lines.append(f"articles without a prediction: {', '.join(data['missing_predictions'])}")
    meta = data.get("meta") or {}
    if "seconds" in meta:
        lines.append(f"pipeline time: {meta['seconds']:.1f} s")
    return "\n".join(lines)


def _shown(value: Any) -> str:
    return "-" if value is None else value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def format_errors_by_slot(report: Report, limit: int | None = None) -> str:
    """Each slot's mismatches (and each record type's missed / spurious records) under its own heading:
    article, gold value vs predicted value, and the sentence the value was read from."""
    lines: list[str] = []
    for key, errors in report.errors_by_slot().items():
        lines += ["", f"== {key} ({len(errors)})"]
        for error in errors[: limit or None]:
            ids = "/".join(str(i) for i in (error["gold_id"], error["pred_id"]) if i)
            lines.append(f"  [{error['doc_id']} {ids}] {error['kind']}: gold {_shown(error['gold'])} | "
                         f"pred {_shown(error['pred'])}")
            if error.get("sentence"):
                lines.append(f"      \u2026 {error['sentence']}")
        if limit and len(errors) > limit:
            lines.append(f"  ... {len(errors) - limit} more")
    return "\n".join(lines).lstrip("\n")


def write_json(report: Report, path: str | Path) -> None:
    Path(path).write_text(json.dumps(report.to_dict(), indent=2, ensure_ascii=False), encoding="utf-8")


def slot_chart_png(report: Report | dict[str, Any]) -> bytes:
    """Horizontal bar chart of P/R/F1 per record type and slot, as PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = report.to_dict(with_errors=False) if isinstance(report, Report) else report
    rows = [(t, data["records"][t]) for t in RECORD_TYPES] + list(data["slots"].items())
    names = [f"{n} (n={c['support']})" if c["tp"] + c["fp"] + c["fn"] else f"{n} (nothing to score)"
             for n, c in rows][::-1]
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(rows) + 1.2))
    height = 0.27
    ys = range(len(names))
    for k, (metric, colour) in enumerate((("precision", "#7aa6c2"), ("recall", "#e3a65b"), ("f1", "#4d8c57"))):
        values = [c[metric] if c["tp"] + c["fp"] + c["fn"] else 0.0 for _, c in rows][::-1]
        ax.barh([y + (k - 1) * height for y in ys], values, height=height, label=metric, color=colour)
    ax.set_yticks(list(ys))
    ax.set_yticklabels(names, fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_title("sahel_ie evaluation: records and slots")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=3, fontsize=8)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    plt.close(fig)
    return buffer.getvalue()


def _table_html(title: str, rows: list[tuple[str, dict[str, Any]]]) -> str:
    body = "".join(
        f"<tr><td>{html.escape(n)}</td><td>{c['precision']:.3f}</td><td>{c['recall']:.3f}</td>"
        f"<td><b>{c['f1']:.3f}</b></td><td>{c['tp']}</td><td>{c['fp']}</td><td>{c['fn']}</td></tr>"
        for n, c in rows
    )
    return (f"<h2>{html.escape(title)}</h2><table><tr><th></th><th>P</th><th>R</th><th>F1</th><th>TP</th>"
            f"<th>FP</th><th>FN</th></tr>{body}</table>")


def _cell(value: Any) -> str:
    return "" if value is None else html.escape(json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value)


def _per_article_html(data: dict[str, Any]) -> str:
    """Record F1 per article, worst first, so the articles to look at come first."""
    rows = sorted(data["per_article"].items(), key=lambda item: sum(c["f1"] for c in item[1].values()))
    body = "".join(
        f"<tr><td>{html.escape(doc_id)}</td>" + "".join(
            f"<td>{c[t]['f1']:.2f} ({c[t]['tp']}/{c[t]['fp']}/{c[t]['fn']})</td>" for t in RECORD_TYPES) + "</tr>"
        for doc_id, c in rows
    )
    head = "".join(f"<th>{t} F1 (tp/fp/fn)</th>" for t in RECORD_TYPES)
    return f"<h2>Per article</h2><table><tr><th>article</th>{head}</tr>{body}</table>"


def to_html(report: Report) -> str:
    """A self-contained HTML page: summary, tables, chart and the list of errors with evidence."""
    data = report.to_dict()
    png = base64.b64encode(slot_chart_png(data)).decode("ascii")
    summary = "".join(f"<li>{html.escape(k)}: <b>{v:.3f}</b></li>" for k, v in data["summary"].items())
    neg = data["negatives"]
    errors = "".join(
        f"<tr><td>{_cell(e['doc_id'])}</td><td>{_cell(e['record'])}</td><td>{_cell(e['kind'])}</td>"
        f"<td>{_cell(e['slot'])}</td><td>{_cell(e['gold_id'])}</td><td>{_cell(e['pred_id'])}</td>"
        f"<td>{_cell(e['gold'])}</td><td>{_cell(e['pred'])}</td><td class=q>{_cell(e['evidence'])}</td></tr>"
        for e in data["errors"]
    )
    violations = "".join(
        f"<li>{_cell(v['doc_id'])} {_cell(v['pred_id'])} ({_cell(v['reason'])}): {_cell(v['evidence'])}</li>"
        for v in neg.get("violations", [])
    )
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>sahel_ie evaluation</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:1200px}}table{{border-collapse:collapse;margin-bottom:1em}}
td,th{{border:1px solid #ccc;padding:3px 6px;font-size:13px;text-align:left}}td.q{{font-style:italic;max-width:420px}}</style>
</head><body>
<h1>sahel_ie evaluation</h1>
<p>{data['articles']} articles; negatives violated: {neg['violated']} of {neg['total']}.</p>
<ul>{summary}</ul>
<img alt="per-slot scores" src="data:image/png;base64,{png}">
{_table_html('Records', [(t, data['records'][t]) for t in RECORD_TYPES] + [('micro', data['records_micro'])])}
{_table_html('Slots', list(data['slots'].items()) + [('micro', data['slots_micro'])])}
{_per_article_html(data)}
<h2>Errors ({len(data['errors'])})</h2>
<table><tr><th>article</th><th>record</th><th>kind</th><th>slot</th><th>gold id</th><th>pred id</th><th>gold</th>
<th>pred</th><th>evidence</th></tr>{errors}</table>
<h2>Negative sentences that yielded an attack</h2><ul>{violations}</ul>
</body></html>
"""


def write_html(report: Report, path: str | Path) -> None:
    Path(path).write_text(to_html(report), encoding="utf-8")
