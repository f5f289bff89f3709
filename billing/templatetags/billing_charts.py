"""Server-side SVG charts for the collections dashboard: horizontal bars, no script, no CDN.

Geometry is worked out here so the template only places rectangles and text; presentation
attributes (``fill``), not ``style``, because the Content-Security-Policy refuses inline styles.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from billing.dashboard_ports import DashboardFigure

register = template.Library()

WIDTH = 720
LABEL_WIDTH = 220
BAR_X = LABEL_WIDTH + 10
BAR_SPACE = 330
ROW = 26
BAR_HEIGHT = 16
LABEL_CHARS = 32


def _length(value: Decimal | None, top: Decimal) -> int:
    if value is None or value <= 0 or top <= 0:
        return 0
    return max(1, round(BAR_SPACE * value / top))


@register.inclusion_tag("billing/_dashboard_bars.html")
def svg_bars(figure: DashboardFigure) -> dict[str, Any]:
    top = max(
        [bar.value for bar in figure.bars]
        + [bar.secondary for bar in figure.bars if bar.secondary is not None],
        default=Decimal(0),
    )
    rows = []
    for n, bar in enumerate(figure.bars):
        y = 4 + n * ROW
        width = _length(bar.value, top)
        secondary = _length(bar.secondary, top)
        label = bar.label if len(bar.label) <= LABEL_CHARS else bar.label[: LABEL_CHARS - 1] + "…"
        rows.append(
            {
                "bar": bar,
                "label": label,
                "y": y,
                "text_y": y + BAR_HEIGHT - 4,
                "width": width,
                "secondary": secondary,
                "text_x": BAR_X + max(width, secondary) + 6,
            }
        )
    return {
        "figure": figure,
        "rows": rows,
        "width": WIDTH,
        "height": max(len(rows), 1) * ROW + 8,
        "label_x": LABEL_WIDTH,
        "bar_x": BAR_X,
        "bar_height": BAR_HEIGHT,
    }
