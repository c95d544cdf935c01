"""The guide's charts, drawn with matplotlib (no browser, DESIGN §8) from a `Chart` of the
content model: the same numbers as the app's plotly charts, one convention for a hidden count
(grey, hatched, labelled "< 5"). Images are kept by a hash of their data, so a chart whose
numbers did not change between two builds is not drawn again."""

from __future__ import annotations

import io
import textwrap
import threading
from collections import OrderedDict

import matplotlib

matplotlib.use("Agg")  # before pyplot: no display, no browser

from matplotlib.figure import Figure  # noqa: E402 — after choosing the backend
from matplotlib.ticker import MaxNLocator  # noqa: E402

from ruralites.guide.content import Chart  # noqa: E402
from ruralites.pdf.glyphs import legible  # noqa: E402

MAIN = "#2e7d32"
HIDDEN = "#b0bec5"
DPI = 150
WIDTH_INCHES = 6.3
_CACHE_SIZE = 256
_cache: OrderedDict[str, bytes] = OrderedDict()
_lock = threading.Lock()
stats = {"drawn": 0, "reused": 0}  # read by the benchmark


MAX_HEIGHT_INCHES = 8.6  # a chart never outgrows an A4 page: many bars get thinner


def height_inches(chart: Chart) -> float:
    return min(MAX_HEIGHT_INCHES, 0.9 + 0.36 * max(1, len(chart.bars)))


def _font_size(chart: Chart) -> float:
    return 8.5 if len(chart.bars) <= 20 else max(5.5, 8.5 * 20 / len(chart.bars))


def png(chart: Chart) -> bytes:
    """The chart as PNG bytes, `WIDTH_INCHES` wide: drawn once per distinct data."""
    key = chart.digest()
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            stats["reused"] += 1
            return _cache[key]
    data = _draw(chart)
    with _lock:
        _cache[key] = data
        stats["drawn"] += 1
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return data


def _draw(chart: Chart) -> bytes:
    figure = Figure(figsize=(WIDTH_INCHES, height_inches(chart)), dpi=DPI)
    size = _font_size(chart)
    axes = figure.add_subplot()
    bars = chart.bars
    labels = ["\n".join(textwrap.wrap(legible(b.label), 30)) or " " for b in bars]
    positions = list(range(len(bars)))
    drawn = axes.barh(positions, [b.value for b in bars],
                      color=[HIDDEN if b.hidden else MAIN for b in bars], height=0.6)
    axes.set_ylim(len(bars) - 0.5, -0.5)  # first bar on top
    for rect, bar in zip(drawn, bars, strict=True):
        if bar.hidden:
            rect.set_hatch("//")
            rect.set_edgecolor("#78909c")
    top = max([b.value for b in bars] + [1])
    for y, bar in zip(positions, bars, strict=True):
        axes.text(bar.value + top * 0.015, y, legible(bar.text), va="center", fontsize=size,
                  color="#1f2933")
    axes.set_yticks(positions, labels, fontsize=size)
    axes.set_xlim(0, top * 1.35)
    axes.set_xlabel(legible(chart.x_label), fontsize=8.5)
    axes.tick_params(axis="x", labelsize=8)
    if all(float(b.value).is_integer() for b in bars):  # people and points: no "2.5" tick
        axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="x", color="#eceff1")
    axes.set_axisbelow(True)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()
