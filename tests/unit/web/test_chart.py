"""The SVG bar chart: bars in proportion, every name escaped (it is inserted as markup)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from bot.web.chart import Bar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_bars_are_in_proportion_and_names_cannot_inject_markup() -> None:
    bars = [Bar("Hà Nội", 400, "400"), Bar('<script>alert("x")</script>', 100, "100")]
    svg = bar_chart(bars, "Suất quà — tỉnh", "#2e6f9e")
    assert "<script>" not in svg
    root = ET.fromstring(svg)  # well-formed: the browser draws it as it is
    widths = [float(r.get("width", "0")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == 4 * widths[1]
    labels = [t.text for t in root.iter(f"{SVG}text")]
    assert labels == ["Hà Nội: 400", '<script>alert("x")</script>: 100']


def test_no_figures_draws_empty_bars_without_dividing_by_zero() -> None:
    root = ET.fromstring(bar_chart([Bar("A", 0, "0")], "t", "#000"))
    assert [r.get("width") for r in root.iter(f"{SVG}rect")] == ["1"]
