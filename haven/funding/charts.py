"""Coverage chart: requirements and funding by programme area as server-rendered SVG bars (no JavaScript)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from haven.funding.selectors import Coverage

WIDTH = 640
LABEL = 0  # labels sit above each bar, so Arabic and long names never overlap the bars
BAR = 18
GAP = 30


@dataclass(frozen=True)
class Bar:
    label: str
    y: float
    text_y: float
    requirement_width: float
    funded_width: float
    coverage_pct: int | None
    requirements_usd: Decimal | None
    funding_usd: Decimal


@dataclass(frozen=True)
class CoverageChart:
    width: int
    height: int
    bars: list[Bar]


def coverage_chart(areas: list[Coverage]) -> CoverageChart | None:
    """Bars scaled to the largest of any requirement or funding, so an over-funded area shows as such."""
    largest = max(
        [*(a.requirements_usd or Decimal(0) for a in areas), *(a.funding_usd for a in areas)], default=Decimal(0)
    )
    if not areas or largest <= 0:
        return None
    bars = []
    for index, area in enumerate(areas):
        top = index * (BAR + GAP) + 16
        bars.append(
            Bar(
                label=area.label,
                y=top,
                text_y=top - 4,
                requirement_width=round(float((area.requirements_usd or 0) / largest) * WIDTH, 1),
                funded_width=round(float(area.funding_usd / largest) * WIDTH, 1),
                coverage_pct=area.coverage_pct,
                requirements_usd=area.requirements_usd,
                funding_usd=area.funding_usd,
            )
        )
    return CoverageChart(width=WIDTH + 4, height=len(areas) * (BAR + GAP) + 8, bars=bars)
