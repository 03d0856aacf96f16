"""The five-case rule: no figure is shown that was computed from fewer than five cases.

Every page and export goes through `cell()`, so a small cell is suppressed and marked the same
way everywhere.
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


def cell(value: float | None, cases: int, *, percent: bool = False) -> Cell:
    """`value` computed over `cases` cases, suppressed when they are fewer than MIN_CASES."""
    if cases < MIN_CASES:
        return Cell(None, True, percent)
    return Cell(value, False, percent)


def count(n: int) -> Cell:
    """A count of cases: itself the number of cases behind it."""
    return cell(n, n)


def rate(part: int, whole: int, cases: int) -> Cell:
    """part / whole as a percentage, over `cases` cases."""
    return cell(100 * part / whole if whole else None, cases, percent=True)
