"""Charts drawn on the server as SVG geometry for a template: no script, no inline style (CSP).

The numbers always sit beside a chart in a table; the chart is a picture of that table, so it is
described by one sentence (`summary`) for screen readers, which read the table itself.
"""

from dataclasses import dataclass

from django.utils.text import Truncator

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 260
PLOT_WIDTH = 300
VALUE_WIDTH = 60
COLUMN_WIDTH = 28
COLUMN_GAP = 8
COLUMN_PLOT_HEIGHT = 120
AXIS_HEIGHT = 36


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    summary: str
    kind: str  # "bars" (ranked, horizontal) or "columns" (per week, vertical)


def ranked_bars(rows: list[tuple[str, int]], *, summary: str) -> Chart:
    """Horizontal bars, one per (label, value), longest for the largest value."""
    top = max((value for _, value in rows), default=0) or 1
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * (BAR_HEIGHT + BAR_GAP)
        width = round(PLOT_WIDTH * value / top, 1)
        bars.append(
            Bar(
                label=Truncator(label).chars(40),
                value=value,
                x=LABEL_WIDTH,
                y=y,
                width=max(width, 1 if value else 0),
                height=BAR_HEIGHT,
                text_x=LABEL_WIDTH + width + 6,
                text_y=y + BAR_HEIGHT * 0.7,
                label_x=LABEL_WIDTH - 8,
                label_y=y + BAR_HEIGHT * 0.7,
            )
        )
    height = max(len(rows) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP, BAR_HEIGHT)
    return Chart(LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH, height, bars, summary, "bars")


def weekly_columns(weeks: list[tuple[object, int]], *, summary: str) -> Chart:
    """Vertical columns, one per (week's Monday, count), oldest on the left, labelled by the Monday's date."""
    top = max((value for _, value in weeks), default=0) or 1
    bars = []
    for index, (monday, value) in enumerate(weeks):
        height = round(COLUMN_PLOT_HEIGHT * value / top, 1)
        x = index * (COLUMN_WIDTH + COLUMN_GAP)
        bars.append(
            Bar(
                label=f"{monday:%-d %b}",
                value=value,
                x=x,
                y=COLUMN_PLOT_HEIGHT - height + 16,
                width=COLUMN_WIDTH,
                height=height,
                text_x=x + COLUMN_WIDTH / 2,
                text_y=COLUMN_PLOT_HEIGHT - height + 12,
                label_x=x + COLUMN_WIDTH / 2,
                label_y=COLUMN_PLOT_HEIGHT + 16 + 16,
            )
        )
    width = max(len(weeks) * (COLUMN_WIDTH + COLUMN_GAP) - COLUMN_GAP, COLUMN_WIDTH)
    return Chart(width, COLUMN_PLOT_HEIGHT + 16 + AXIS_HEIGHT, bars, summary, "columns")
