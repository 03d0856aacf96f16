"""Server-rendered SVG charts: the levels of risk over time, and his and her reports."""

from dataclasses import dataclass

WIDTH, HEIGHT, MARGIN = 640, 220, 40


@dataclass(frozen=True)
class Line:
    name: str
    css: str
    points: str  # "x,y x,y …" for <polyline>
    dots: list[tuple[float, float, str]]  # x, y, title


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    lines: list[Line]
    x_labels: list[tuple[float, str]]
    y_labels: list[tuple[float, str]]


def line_chart(
    x_labels: list[str],
    series: dict[str, list[float | None]],
    y_labels: list[str],
    css: dict[str, str],
) -> Chart:
    """A line per series over the x labels; y runs over the index of `y_labels`."""
    steps = max(len(x_labels) - 1, 1)
    top = max(len(y_labels) - 1, 1)

    def x(i: int) -> float:
        return MARGIN + i * (WIDTH - 2 * MARGIN) / steps

    def y(v: float) -> float:
        return HEIGHT - MARGIN - v * (HEIGHT - 2 * MARGIN) / top

    lines = []
    for name, values in series.items():
        dots = [
            (x(i), y(v), f"{name}: {x_labels[i]}") for i, v in enumerate(values) if v is not None
        ]
        lines.append(
            Line(name, css.get(name, ""), " ".join(f"{a:.1f},{b:.1f}" for a, b, _t in dots), dots)
        )
    return Chart(
        WIDTH,
        HEIGHT,
        lines,
        [(x(i), label) for i, label in enumerate(x_labels)],
        [(y(i), label) for i, label in enumerate(y_labels)],
    )
