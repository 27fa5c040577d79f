"""Report: one self-contained HTML page about a run, for a person to read.

The page holds, in order::

    header              run id, times, runner, coder version, model, dictionary checksum, inputs,
                        the validation verdict and a relative link to its Data Docs
    counts per stage    the manifest's counts and timings
    events over time    a PNG of events per day (or month) by quad class
    top dyads           a PNG and a table of the most frequent source → target pairs
    articles set aside  the discarded and quarantined articles, and their reasons counted

Nothing is fetched from elsewhere: the style is inline and the plots are ``data:`` PNGs drawn with
matplotlib's object API (``Figure`` and the Agg canvas, no ``pyplot``, so no global state). The
same inputs render byte-identical HTML: the only times on the page are the manifest's.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import os
import re
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:  # matplotlib is imported when a report is drawn, not by every process importing the pipeline
    from matplotlib.figure import Figure

QUAD_CLASSES = {1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"}
QUAD_COLOURS = {1: "#74add1", 2: "#2166ac", 3: "#f4a582", 4: "#b2182b"}
OTHER_COLOUR = "#bbbbbb"
# Events spanning at most this many days are counted per day, longer spans per month
DAILY_SPAN_DAYS = 92
MIN_DAYS_SHOWN = 7  # the daily plot's x axis spans at least a week
TOP_DYADS = 15
MAX_ARTICLE_ROWS = 1_000
DPI = 100
# Quoted values, parenthesised details and numbers in a reason (see reason_kind)
PARTICULARS = re.compile(r"'[^']*'|\"[^\"]*\"|\([^)]*\)|(?<![\w-])\d[\d,.:%-]*")
NO_EVENTS = "No events were coded in this run, so there is nothing to plot."

# (stage, [(key, label)]) in the order the pipeline runs; keys a manifest lacks are left out
STAGE_ROWS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("ingest", (("records", "records read"), ("articles", "articles to code"), ("set_aside", "set aside"),
                ("batches", "batches"), ("reasons", "set aside because"))),
    ("dataset", (("records", "records in the dataset"), ("kept", "kept from earlier runs"),
                 ("reused", "codings reused"), ("coded_now", "coded now"))),
    ("parse", (("articles", "articles parsed"), ("sentences", "sentences"), ("from_cache", "parses from the cache"))),
    ("code", (("events", "events coded"),)),
    ("validate", (("events", "events kept"), ("quarantined", "events quarantined"))),
    ("articles", (("coded", "coded"), ("discarded", "discarded"), ("quarantined", "quarantined"))),
)

STYLE = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #222; margin: 2em auto;
       max-width: 60em; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: .2em; }
h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: .2em; }
table { border-collapse: collapse; margin: .6em 0; }
th, td { border: 1px solid #ddd; padding: .2em .6em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: .15em 1em; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
code { font-size: .95em; }
img { max-width: 100%; height: auto; }
.ok { color: #1a7f37; font-weight: 600; }
.bad { color: #b2182b; font-weight: 600; }
.muted { color: #666; }
"""


# --------------------------------------------------------------------------- entry points


def write_run_report(path: Path, manifest: Mapping[str, Any], events: pa.Table, articles: pa.Table) -> Path:
    """Write the run's self-contained HTML report to ``path`` (atomically: temp file + os.replace) and return it.

    Parent folders are created; the link to the validation Data Docs is relative to ``path``'s folder.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    page = render_run_report(manifest, events, articles, base=path.parent).encode("utf-8")
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")  # beside it: same file system
    try:
        with open(tmp, "wb") as out:
            out.write(page)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def render_run_report(manifest: Mapping[str, Any], events: pa.Table, articles: pa.Table, *,
                      base: Path | None = None) -> str:
    """The report's HTML for ``manifest``, the dataset's ``events`` and its ``articles`` ledger.

    ``base`` is the folder the page will be saved in, to link the validation Data Docs relatively;
    without it the link is a ``file:`` URL (or the path as recorded, when relative). Pure: the same
    inputs give the same text.
    """
    run_id = str(manifest.get("run_id") or "unknown run")
    sections = [
        _header(manifest, base),
        _counts_section(manifest),
        _time_section(events),
        _dyad_section(events),
        _articles_section(articles),
    ]
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>Run {_e(run_id)}</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        *sections,
        "</body>",
        "</html>",
        "",
    ])


# --------------------------------------------------------------------------- header and counts


def _header(manifest: Mapping[str, Any], base: Path | None) -> str:
    """Title and the run's identity: times, runner, versions, inputs and the validation verdict."""
    model = manifest.get("model")
    if model and manifest.get("spacy_version"):
        model = f"{model} (spaCy {manifest['spacy_version']})"
    checksum = manifest.get("dictionary_sha256")
    inputs = [str(p) for p in manifest.get("inputs") or []]
    items: list[tuple[str, str]] = [
        ("Started", _e(manifest.get("started") or "—")),
        ("Finished", _e(manifest.get("finished") or "—") + _duration(manifest)),
        ("Runner", _e(manifest.get("runner") or "—")),
        ("Coder version", _e(manifest.get("coder_version") or "—")),
        ("Model", _e(model or "—")),
        ("Dictionaries", f'<code title="{_e(checksum)}">{_e(str(checksum)[:12])}</code>' if checksum else "—"),
        ("Inputs", "<br>".join(f"<code>{_e(p)}</code>" for p in inputs) or "—"),
        ("Output", f"<code>{_e(manifest['output'])}</code>" if manifest.get("output") else "—"),
        ("Validation", _validation(manifest.get("validation"), base)),
    ]
    rows = "\n".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in items)
    return f'<h1>Run {_e(manifest.get("run_id") or "unknown")}</h1>\n<dl class="meta">\n{rows}\n</dl>'


def _duration(manifest: Mapping[str, Any]) -> str:
    """`` (12.3 s)`` from the manifest's start and finish times, or nothing when either is missing."""
    try:
        started = dt.datetime.fromisoformat(str(manifest["started"]))
        finished = dt.datetime.fromisoformat(str(manifest["finished"]))
        seconds = (finished - started).total_seconds()
    except (KeyError, TypeError, ValueError):
        return ""
    return f' <span class="muted">({seconds:,.1f} s)</span>'


def _validation(validation: Any, base: Path | None) -> str:
    """The verdict, its check counts and a link to the Data Docs."""
    if not isinstance(validation, Mapping):
        return "not recorded"
    success = validation.get("success")
    if success is None:
        verdict = "verdict not recorded"
    else:
        verdict = '<span class="ok">passed</span>' if success else '<span class="bad">failed</span>'
    parts = [verdict, f"({_n(validation.get('passed'))} checks passed, {_n(validation.get('failed'))} failed)"]
    if validation.get("html"):
        parts.append(f'— <a href="{_e(_link(validation["html"], base))}">Data Docs</a>')
    return " ".join(parts)


def _link(target: str | os.PathLike[str], base: Path | None) -> str:
    """A URL for ``target``: relative to the folder ``base`` when given (and on the same drive),
    else a ``file:`` URL, or the path as it is when it is relative and there is no base."""
    target = Path(target)
    if base is not None:
        try:
            return quote(Path(os.path.relpath(os.path.abspath(target), os.path.abspath(base))).as_posix())
        except ValueError:  # another drive (Windows): no relative path
            pass
    if base is None and not target.is_absolute():
        return quote(target.as_posix())
    return Path(os.path.abspath(target)).as_uri()


def _counts_section(manifest: Mapping[str, Any]) -> str:
    """The counts of each stage, then the timings."""
    counts = manifest.get("counts") or {}
    rows = [f"<tr><td>{_e(stage)}</td><td>{_e(label)}</td><td class=\"n\">{_n(value)}</td></tr>"
            for stage, label, value in _count_rows(counts)]
    parts = ["<h2>Counts per stage</h2>"]
    if rows:
        parts.append(_table(("stage", "what", "count"), rows))
    else:
        parts.append("<p>The manifest records no counts.</p>")
    timings = manifest.get("timings_seconds") or {}
    if timings:
        rows = [f'<tr><td>{_e(stage)}</td><td class="n">{_seconds(s)}</td></tr>' for stage, s in timings.items()]
        total = sum(s for s in timings.values() if isinstance(s, int | float))
        rows.append(f'<tr><th>sum</th><th class="n">{_seconds(total)}</th></tr>')
        parts.append(_table(("stage", "seconds"), rows))
    return "\n".join(parts)


def _count_rows(counts: Mapping[str, Any]) -> Iterable[tuple[str, str, Any]]:
    """(stage, label, value) for the known counts in pipeline order, then any others; a count that
    is itself a mapping (the ingest reasons) gives one row per entry."""
    known = dict(STAGE_ROWS)
    stages = [s for s, _ in STAGE_ROWS if s in counts] + sorted(s for s in counts if s not in known)
    for stage in stages:
        values = counts.get(stage)
        if not isinstance(values, Mapping):
            yield stage, "", values
            continue
        labels = dict(known.get(stage, ()))
        keys = [k for k in labels if k in values] + sorted(k for k in values if k not in labels)
        for key in keys:
            value = values[key]
            if isinstance(value, Mapping):
                for sub, n in value.items():
                    yield stage, f"{labels.get(key, key)}: {sub}", n
            else:
                yield stage, labels.get(key, key.replace("_", " ")), value


# --------------------------------------------------------------------------- plots


def _time_section(events: pa.Table) -> str:
    """Events per day (or month) by quad class."""
    parts = ["<h2>Events over time by quad class</h2>"]
    counts, period = _events_over_time(events)
    if events.num_rows == 0:
        parts.append(f"<p>{NO_EVENTS}</p>")
    elif counts is None:
        parts.append(f"<p>None of the {_n(events.num_rows)} events has both a date and a quad class.</p>")
    else:
        first, last = counts.index[0].date().isoformat(), counts.index[-1].date().isoformat()
        totals = ", ".join(f"{_n(int(counts[q].sum()))} {name.lower()}" for q, name in QUAD_CLASSES.items())
        parts.append(f"<p>{_n(int(counts.to_numpy().sum()))} dated events from {first} to {last}, "
                     f"counted per {period}: {totals}.</p>")
        parts.append(_img(_time_figure(counts, period), f"Events per {period} by quad class"))
    return "\n".join(parts)


def _events_over_time(events: pa.Table) -> tuple[pd.DataFrame | None, str]:
    """Event counts, one row per period (every day or month from the first to the last, zeros
    included) and one column per quad class 1–4; ``None`` when no event has a date and a class."""
    if events.num_rows == 0 or not {"event_date", "quad_class"} <= set(events.column_names):
        return None, "day"
    frame = events.select(["event_date", "quad_class"]).to_pandas(date_as_object=False).dropna()
    frame = frame[frame["quad_class"].isin(list(QUAD_CLASSES))]
    if frame.empty:
        return None, "day"
    dates = pd.to_datetime(frame["event_date"])
    daily = (dates.max() - dates.min()).days <= DAILY_SPAN_DAYS
    period, freq = ("day", "D") if daily else ("month", "MS")
    starts = dates.dt.normalize() if daily else dates.dt.to_period("M").dt.to_timestamp()
    index = pd.date_range(starts.min(), starts.max(), freq=freq)
    counts = (pd.DataFrame({"period": starts, "quad": frame["quad_class"].astype(int)})
              .groupby(["period", "quad"]).size().unstack(fill_value=0)
              .reindex(index=index, columns=list(QUAD_CLASSES), fill_value=0))
    return counts, period


def _time_figure(counts: pd.DataFrame, period: str) -> Figure:
    """Stacked bars of ``counts`` (periods × quad classes)."""
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8, 3.5), dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    x = mdates.date2num(counts.index.to_pydatetime())
    width = 0.8 if period == "day" else 25.0
    bottom = [0] * len(counts)
    for quad, name in QUAD_CLASSES.items():
        heights = counts[quad].tolist()
        ax.bar(x, heights, width=width, bottom=bottom, color=QUAD_COLOURS[quad],
               label=name, align="center" if period == "day" else "edge")
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    if period == "day" and len(x) < MIN_DAYS_SHOWN:  # a few days: widen so the ticks are days, not hours
        pad = (MIN_DAYS_SHOWN - len(x)) / 2
        ax.set_xlim(x[0] - 0.5 - pad, x[-1] + 0.5 + pad)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_ylabel(f"events per {period}")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="y", color="#e5e5e5")
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    fig.legend(loc="outside upper center", ncols=4, frameon=False, fontsize=9)
    return fig


def _dyad_section(events: pa.Table) -> str:
    """The most frequent source → target pairs: a bar chart and a table."""
    parts = [f"<h2>Top {TOP_DYADS} dyads</h2>"]
    dyads = _top_dyads(events)
    if events.num_rows == 0:
        parts.append(f"<p>{NO_EVENTS}</p>")
    elif dyads.empty:
        parts.append("<p>No event names both a source and a target.</p>")
    else:
        parts.append(_img(_dyad_figure(dyads), "Most frequent source → target pairs by quad class"))
        header = ("#", "source", "target", "events", "mean Goldstein", *QUAD_CLASSES.values())
        rows = []
        for rank, row in enumerate(dyads.itertuples(index=False), start=1):
            mean = "—" if pd.isna(row.goldstein) else f"{row.goldstein:.2f}"
            quads = "".join(f'<td class="n">{_n(int(getattr(row, f"q{q}")))}</td>' for q in QUAD_CLASSES)
            rows.append(f'<tr><td class="n">{rank}</td><td>{_e(row.source)}</td><td>{_e(row.target)}</td>'
                        f'<td class="n">{_n(int(row.events))}</td><td class="n">{mean}</td>{quads}</tr>')
        parts.append(_table(header, rows))
    return "\n".join(parts)


def _top_dyads(events: pa.Table, n: int = TOP_DYADS) -> pd.DataFrame:
    """The ``n`` most frequent (source_code, target_code) pairs, most first (ties by codes), with
    columns source, target, events, goldstein (the mean), q1–q4 (events per quad class) and
    other (events of no known quad class). Counted with Arrow, so large datasets stay cheap."""
    columns = ["source", "target", "events", "goldstein", *(f"q{q}" for q in QUAD_CLASSES), "other"]
    if events.num_rows == 0 or not {"source_code", "target_code"} <= set(events.column_names):
        return pd.DataFrame(columns=columns)
    names = events.column_names
    pairs = pa.table({
        "source": events["source_code"],
        "target": events["target_code"],
        "goldstein": (events["goldstein"].cast(pa.float64()) if "goldstein" in names
                      else pa.nulls(events.num_rows, pa.float64())),
        "quad": (events["quad_class"].cast(pa.int64()) if "quad_class" in names
                 else pa.nulls(events.num_rows, pa.int64())),
    })
    pairs = pairs.filter(pc.and_(pc.is_valid(pairs["source"]), pc.is_valid(pairs["target"])))
    if pairs.num_rows == 0:
        return pd.DataFrame(columns=columns)
    top = (pairs.group_by(["source", "target"]).aggregate([([], "count_all"), ("goldstein", "mean")])
           .sort_by([("count_all", "descending"), ("source", "ascending"), ("target", "ascending")])
           .slice(0, n).to_pandas())
    top = top.rename(columns={"count_all": "events", "goldstein_mean": "goldstein"})
    quads = pairs.group_by(["source", "target", "quad"]).aggregate([([], "count_all")]).to_pandas()
    quads = quads[quads["quad"].isin(list(QUAD_CLASSES))]
    by_quad = (quads.pivot_table(index=["source", "target"], columns="quad", values="count_all", aggfunc="sum")
               .reindex(columns=list(QUAD_CLASSES)))
    by_quad.columns = [f"q{q}" for q in QUAD_CLASSES]
    top = top.merge(by_quad, how="left", left_on=["source", "target"], right_index=True)
    quad_columns = [f"q{q}" for q in QUAD_CLASSES]
    top[quad_columns] = top[quad_columns].fillna(0).astype(int)
    top["other"] = top["events"] - top[quad_columns].sum(axis=1)
    return top[columns].reset_index(drop=True)


def _dyad_figure(dyads: pd.DataFrame) -> Figure:
    """Horizontal bars of the dyads' events, split by quad class, the most frequent on top."""
    from matplotlib.figure import Figure

    height = max(2.0, 0.25 * len(dyads) + 1.1)
    fig = Figure(figsize=(8, height), dpi=DPI, layout="constrained")
    ax = fig.add_subplot()
    y = list(range(len(dyads)))
    left = [0] * len(dyads)
    segments = [(f"q{quad}", name, QUAD_COLOURS[quad]) for quad, name in QUAD_CLASSES.items()]
    for column, name, colour in [*segments, ("other", "no quad class", OTHER_COLOUR)]:
        widths = [int(w) for w in dyads[column]]
        if sum(widths) == 0:
            continue  # a class none of these dyads has stays out of the legend
        ax.barh(y, widths, left=left, color=colour, label=name, height=0.7)
        left = [a + w for a, w in zip(left, widths, strict=True)]
    for i, total in enumerate(dyads["events"]):
        ax.text(total, i, f" {int(total):,}", va="center", fontsize=8)
    ax.set_yticks(y, [f"{s} → {t}" for s, t in zip(dyads["source"], dyads["target"], strict=True)], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, max(dyads["events"]) * 1.12)
    ax.set_xlabel("events")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.grid(axis="x", color="#e5e5e5")
    ax.set_axisbelow(True)
    ax.spines[["top", "right"]].set_visible(False)
    n_labels = len(ax.get_legend_handles_labels()[1])
    fig.legend(loc="outside upper center", ncols=n_labels if n_labels <= 4 else 3, frameon=False, fontsize=9)
    return fig


def _img(fig: Figure, alt: str) -> str:
    """``fig`` as an inline PNG ``<img>`` (no software tag or time in the file, so it is reproducible)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buffer = io.BytesIO()
    FigureCanvasAgg(fig)  # attaches itself to fig
    fig.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'<p><img alt="{_e(alt)}" src="data:image/png;base64,{data}"></p>'


# --------------------------------------------------------------------------- articles set aside


def _articles_section(articles: pa.Table) -> str:
    """The articles not coded: their reasons counted, then each one (up to MAX_ARTICLE_ROWS)."""
    parts = ["<h2>Discarded and quarantined articles</h2>"]
    aside = _not_coded(articles)
    if aside.num_rows == 0:
        parts.append("<p>Every article was coded.</p>")
        return "\n".join(parts)
    statuses = aside["status"].to_pylist()
    reasons = aside["reason"].to_pylist() if "reason" in aside.column_names else [None] * aside.num_rows
    kinds = Counter((status or "", reason_kind(reason)) for status, reason in zip(statuses, reasons, strict=True))
    rows = [f'<tr><td>{_e(status)}</td><td>{_e(kind) or "—"}</td><td class="n">{_n(n)}</td></tr>'
            for (status, kind), n in sorted(kinds.items(), key=lambda item: (-item[1], item[0]))]
    parts.append(f"<p>{_n(aside.num_rows)} articles were not coded. Their reasons, particulars left out:</p>")
    parts.append(_table(("status", "reason", "articles"), rows))
    shown = aside.slice(0, MAX_ARTICLE_ROWS).to_pylist()
    fields = ("article_id", "status", "origin", "date", "title", "reason")
    rows = ["<tr>" + "".join(f"<td>{_cell(record.get(f))}</td>" for f in fields) + "</tr>" for record in shown]
    parts.append(_table(fields, rows))
    if aside.num_rows > len(shown):
        parts.append(f"<p>… and {_n(aside.num_rows - len(shown))} more "
                     "(see <code>articles/</code> where status != 'coded').</p>")
    return "\n".join(parts)


def _not_coded(articles: pa.Table) -> pa.Table:
    """The rows of ``articles`` whose status is not "coded", by status then article id."""
    if articles.num_rows == 0 or "status" not in articles.column_names:
        return articles.slice(0, 0)
    keep = pc.fill_null(pc.not_equal(articles["status"], "coded"), True)
    aside = articles.filter(keep)
    keys = [(c, "ascending") for c in ("status", "article_id") if c in aside.column_names]
    return aside.sort_by(keys)


def reason_kind(reason: str | None) -> str:
    """A reason without its particulars ("unparseable date '12/03'" → "unparseable date …"), for counting."""
    return PARTICULARS.sub("…", reason or "")


# --------------------------------------------------------------------------- HTML bits


def _table(header: Sequence[str], rows: Sequence[str]) -> str:
    """A table with ``header`` cells (escaped) over ``rows`` (already HTML)."""
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "\n".join(rows)
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def _cell(value: Any) -> str:
    """A table cell's escaped text: dates as ISO, nulls as a dash."""
    if value is None:
        return "—"
    if isinstance(value, dt.date):
        return value.isoformat()
    return _e(value)


def _n(value: Any) -> str:
    """A count with thousands separators; anything else escaped; a missing one as a dash."""
    if value is None:
        return "—"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return _e(value)


def _seconds(value: Any) -> str:
    """Seconds to two decimals."""
    return f"{value:,.2f}" if isinstance(value, int | float) else _e(value)


def _e(value: Any) -> str:
    """``value`` as text, HTML-escaped (quotes too, so it is safe in attributes)."""
    return html.escape(str(value), quote=True)
