"""A bar chart drawn on the server as SVG: one bar per province (or unit), for one figure.

Plain SVG, no script: it scales to the page's width, prints, and reads out (each bar has
a title). Labels sit above their bar, so a 360 px phone has room for long names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH = 360
ROW = 48
BAR = 18


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    shown: str  # the value as the page writes it (1.250, 512.300.000 ₫)


def bar_chart(bars: Sequence[Bar], title: str, colour: str) -> str:
    """The chart's SVG markup (escaped here; the template inserts it as it is)."""
    top = max((b.value for b in bars), default=0) or 1
    height = ROW * len(bars) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for row, bar in enumerate(bars):
        y = row * ROW
        length = round((WIDTH - 4) * bar.value / top) if bar.value > 0 else 0
        parts.append(
            f"<g><title>{escape(bar.label)}: {escape(bar.shown)}</title>"
            f'<text x="2" y="{y + 16}">{escape(bar.label)}: {escape(bar.shown)}</text>'
            f'<rect x="2" y="{y + 24}" width="{max(length, 1)}" height="{BAR}" '
            f'fill="{colour}"/></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
