"""The five-case rule: no figure that crosses organisations is shown when it was computed from
fewer than five cases.

A network's figures pool several organisations' cases, so they follow `FIVE_CASES`; an
organisation's coordinator reads their own organisation's exact counts (`EXACT`): they are
aggregates of cases the organisation already holds. Every page and export goes through a
`Rule`, so a small cell is suppressed and marked the same way everywhere; and every figure with
a total goes through `hide_totals()`, so a hidden cell cannot be worked out by subtracting the
shown ones from a shown total.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# The smallest number of cases (or questionnaires) a shown figure may be computed from.
MIN_CASES = 5
SUPPRESSED = f"<{MIN_CASES}"
SUPPRESSED_EXPLANATION = _(
    "“<5”: fewer than five cases (or questionnaires) behind this figure, so it is not shown: "
    "a figure over so few could point to a person."
)

EXACT_EXPLANATION = _(
    "Exact counts over your own organisation's cases, for your own use: before you publish a "
    "figure, remember that one computed from fewer than five cases could point to a person."
)


@dataclass(frozen=True)
class Cell:
    """A figure, or the mark that it is suppressed."""

    value: float | None
    suppressed: bool
    percent: bool = False

    @property
    def display(self) -> str:
        if self.suppressed or self.value is None:
            return SUPPRESSED if self.suppressed else "-"
        if self.percent:
            return f"{self.value:.0f}%"
        if isinstance(self.value, float) and not self.value.is_integer():
            return f"{self.value:.1f}"
        return f"{self.value:.0f}"

    @property
    def export(self) -> float | int | str:
        """What a CSV or XLSX cell holds: the number, or the mark."""
        if self.suppressed:
            return SUPPRESSED
        if self.value is None:
            return ""
        value = round(self.value, 1)
        return int(value) if float(value).is_integer() else value


@dataclass(frozen=True)
class Rule:
    """How many cases a shown figure must rest on: MIN_CASES across organisations, none for
    an organisation's own figures."""

    min_cases: int

    @property
    def suppresses(self) -> bool:
        return self.min_cases > 0

    def cell(self, value: float | None, cases: int, *, percent: bool = False) -> Cell:
        """`value` computed over `cases` cases, suppressed when they are too few."""
        if cases < self.min_cases:
            return Cell(None, True, percent)
        return Cell(value, False, percent)

    def count(self, n: int) -> Cell:
        """A count of cases: itself the number of cases behind it."""
        return self.cell(n, n)

    def rate(self, part: int, whole: int, cases: int) -> Cell:
        """part / whole as a percentage, over `cases` cases."""
        return self.cell(100 * part / whole if whole else None, cases, percent=True)


FIVE_CASES = Rule(MIN_CASES)  # figures that cross organisations (a network's)
EXACT = Rule(0)  # an organisation's own figures, for its coordinator

cell = FIVE_CASES.cell
count = FIVE_CASES.count
rate = FIVE_CASES.rate


def hide_totals(
    grid: list[list[Cell]], total_row: int | None, total_column: int | None
) -> list[list[Cell]]:
    """The grid with every total hidden that adds up a hidden cell.

    A total (a cell of the total column, or of the total row) is hidden when any cell that adds
    up to it is hidden; repeated until nothing changes, so a hidden row total also hides the
    grand total. Otherwise "Open 5, All 6" would give away "Closed 1".
    """
    grid = [list(row) for row in grid]
    groups: list[tuple[tuple[int, int], list[tuple[int, int]]]] = []
    if total_column is not None:
        for r, row in enumerate(grid):
            parts = [(r, c) for c in range(len(row)) if c != total_column]
            groups.append(((r, total_column), parts))
    if total_row is not None:
        for c in range(len(grid[total_row])):
            parts = [(r, c) for r in range(len(grid)) if r != total_row]
            groups.append(((total_row, c), parts))
    changed = True
    while changed:
        changed = False
        for (tr, tc), parts in groups:
            total = grid[tr][tc]
            if not total.suppressed and any(grid[r][c].suppressed for r, c in parts):
                grid[tr][tc] = Cell(None, True, total.percent)
                changed = True
    return grid
