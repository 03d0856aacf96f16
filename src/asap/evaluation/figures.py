"""What a dashboard shows: figures as tables of cells, each optionally with a bar chart."""

from dataclasses import dataclass, field

from asap.evaluation.suppression import Cell, hide_totals

BAR_WIDTH, LABEL_WIDTH, BAR_HEIGHT, GAP = 420, 200, 22, 8


@dataclass(frozen=True)
class Row:
    label: str
    cells: list[Cell]


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    label: str
    display: str


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar per row; a suppressed row gets no bar, only its mark."""

    width: int
    height: int
    label_width: int
    bars: list[Bar]


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    explanation: str
    columns: list[str]
    rows: list[Row]
    chart_column: int | None = None
    # The row and the column that hold the totals of the others, if any.
    total_row: int | None = None
    total_column: int | None = None
    chart: BarChart | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if self.total_row is not None or self.total_column is not None:
            grid = hide_totals([r.cells for r in self.rows], self.total_row, self.total_column)
            rows = [Row(r.label, cells) for r, cells in zip(self.rows, grid, strict=True)]
            object.__setattr__(self, "rows", rows)
        if self.chart_column is not None:
            object.__setattr__(self, "chart", bar_chart(self.rows, self.chart_column))


def bar_chart(rows: list[Row], column: int) -> BarChart | None:
    """Bars for one column of the rows, scaled to the largest shown value."""
    cells = [(row.label, row.cells[column]) for row in rows]
    shown = [c.value for _label, c in cells if not c.suppressed and c.value]
    if not shown:
        return None
    top = max(shown)
    bars = []
    for i, (label, c) in enumerate(cells):
        width = 0.0 if c.suppressed or not c.value else BAR_WIDTH * c.value / top
        bars.append(Bar(GAP + i * (BAR_HEIGHT + GAP), width, label, c.display))
    height = GAP + len(cells) * (BAR_HEIGHT + GAP)
    return BarChart(LABEL_WIDTH + BAR_WIDTH + 60, height, LABEL_WIDTH, bars)
