"""Server-rendered SVG charts of figures over time: no JavaScript library, nothing from a CDN."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 12, 36
COLOURS = {"idp": "#b5452f", "returnee": "#2f7a4a", "host": "#3b5f8f"}


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    colour: str
    points: str  # SVG polyline points
    last_x: float
    last_y: float


@dataclass(frozen=True)
class Tick:
    position: float
    label: str


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    bottom: float
    right: float
    series: list[Series]
    y_ticks: list[Tick]
    x_ticks: list[Tick]


def _nice_step(largest: float) -> float:
    if largest <= 0:
        return 1
    rough = largest / 4
    power = 10 ** math.floor(math.log10(rough))
    return float(next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= rough))


def _short(value: float) -> str:
    if value >= 1_000_000:
        return f"{value / 1_000_000:g}M"
    if value >= 1_000:
        return f"{value / 1_000:g}k"
    return f"{value:g}"


def line_chart(series: dict[str, list[tuple[dt.date, int]]], labels: dict[str, str]) -> LineChart | None:
    """Lines of each group's individuals across reporting dates; None when there is nothing to draw."""
    dates = sorted({day for points in series.values() for day, _value in points})
    if not dates:
        return None
    largest = max((value for points in series.values() for _day, value in points), default=0)
    step = _nice_step(largest)
    top_value = step * max(1, math.ceil(largest / step))
    first, last = dates[0].toordinal(), dates[-1].toordinal()
    span = max(1, last - first)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        return round(LEFT + plot_w * (day.toordinal() - first) / span, 1) if len(dates) > 1 else LEFT + plot_w / 2

    def y(value: float) -> float:
        return round(TOP + plot_h * (1 - value / top_value), 1)

    drawn = []
    for key, points in series.items():
        if not points:
            continue
        ordered = sorted(points)
        text = " ".join(f"{x(day)},{y(value)}" for day, value in ordered)
        drawn.append(
            Series(key, labels.get(key, key), COLOURS.get(key, "#555"), text, x(ordered[-1][0]), y(ordered[-1][1]))
        )
    y_ticks = [Tick(y(step * index), _short(step * index)) for index in range(int(top_value / step) + 1)]
    years = sorted({day.year for day in dates})
    every = max(1, math.ceil(len(years) / 8))
    x_ticks = [
        Tick(x(max(dates[0], dt.date(year, 1, 1))), str(year))
        for year in years[::every]
        if dt.date(year, 1, 1) <= dates[-1]
    ]
    return LineChart(WIDTH, HEIGHT, LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, drawn, y_ticks, x_ticks)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    width: float
    y: float


def bar_chart(items: list[tuple[str, int]], *, width: int = 520, row: int = 22) -> tuple[list[Bar], int, int]:
    """Horizontal bars, longest first; returns the bars, the chart's width and height."""
    largest = max((value for _label, value in items), default=0) or 1
    label_w = 170
    bars = [
        Bar(label, value, round((width - label_w - 70) * value / largest, 1), index * row)
        for index, (label, value) in enumerate(items)
    ]
    return bars, width, max(row, row * len(items))
