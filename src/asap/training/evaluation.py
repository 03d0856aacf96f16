"""The training questionnaires (instrument-engine definitions shipped with this app) and the
pre/post change per module. Answers live in training's own `Response` table."""

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from asap.instruments.definition import Definition, load_definition
from asap.training.enums import ResponseKind
from asap.training.models import Response

FOLDER = Path(__file__).parent / "questionnaires"
SATISFACTION = "training-satisfaction"
CHART_WIDTH, CHART_BAR, CHART_GAP, CHART_LEFT, SCALE_MAX = 640, 14, 18, 240, 5


@functools.cache
def definition(key: str) -> Definition:
    """The shipped questionnaire `key` (validated by the instrument engine)."""
    path = FOLDER / f"{key}-v1.yaml"
    if not path.is_file():
        raise KeyError(key)
    return load_definition(path.read_text(encoding="utf-8"), path.name)


def module_definition(module_key: str) -> Definition:
    return definition(f"training-{module_key}")


def mean_score(definition_: Definition, answers: dict) -> float | None:
    """The mean of the answered 1-5 items (None when none is answered)."""
    values = [
        float(answers[item.key])
        for item in definition_.items
        if item.type == "scale" and answers.get(item.key) not in (None, "")
    ]
    return sum(values) / len(values) if values else None


@dataclass(frozen=True)
class Change:
    module_key: str
    title: str
    pre: float | None
    post: float | None
    pre_count: int
    post_count: int

    @property
    def change(self) -> float | None:
        if self.pre is None or self.post is None:
            return None
        return self.post - self.pre


def changes(responses: Iterable[Response], titles: dict[str, str]) -> list[Change]:
    """Mean pre and post self-assessment per module (in the order of `titles`)."""
    scores: dict[tuple[str, str], list[float]] = defaultdict(list)
    for response in responses:
        if response.kind == ResponseKind.SATISFACTION:
            continue
        try:
            score = mean_score(module_definition(response.module_key), response.answers)
        except KeyError:
            continue
        if score is not None:
            scores[(response.module_key, response.kind)].append(score)

    def mean(values: list[float]) -> float | None:
        return round(sum(values) / len(values), 2) if values else None

    return [
        Change(
            key,
            title,
            mean(scores[(key, ResponseKind.PRE)]),
            mean(scores[(key, ResponseKind.POST)]),
            len(scores[(key, ResponseKind.PRE)]),
            len(scores[(key, ResponseKind.POST)]),
        )
        for key, title in titles.items()
    ]


def satisfaction(responses: Iterable[Response]) -> dict[str, float]:
    """Mean rating per satisfaction item."""
    values: dict[str, list[float]] = defaultdict(list)
    for response in responses:
        if response.kind == ResponseKind.SATISFACTION:
            for item in definition(SATISFACTION).items:
                value = response.answers.get(item.key)
                if item.type == "scale" and value not in (None, ""):
                    values[item.key].append(float(value))
    return {key: round(sum(v) / len(v), 2) for key, v in values.items()}


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    value: str
    css: str
    label: str


def chart(items: list[Change]) -> dict:
    """Horizontal bars, pre and post per module, on the 1-5 scale (server-rendered SVG)."""
    span = CHART_WIDTH - CHART_LEFT - 40
    before, after = _("Before"), _("After")  # the bars' labels; `css` stays a code
    rows, y = [], 20.0
    for item in items:
        bars = []
        for css, label, value in (("pre", before, item.pre), ("post", after, item.post)):
            width = 0 if value is None else span * value / SCALE_MAX
            text = "-" if value is None else f"{value:.2f}"
            bars.append(Bar(y, width, text, css, label))
            y += CHART_BAR + 2
        rows.append((item.title, y - CHART_BAR - 6, bars))
        y += CHART_GAP
    return {
        "width": CHART_WIDTH,
        "height": y + 10,
        "left": CHART_LEFT,
        "bar": CHART_BAR,
        "rows": rows,
    }
