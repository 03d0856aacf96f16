"""Checks on what a meeting's joint fields may hold."""

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

# Shorter values (a house number, a two-letter code) would match too much ordinary text.
SHORTEST_CHECKED = 5

REPEATS_PROTECTED = _(
    "This repeats one of the case's protected details (what locates or identifies her or the "
    "children). Every member of the case reads it: leave the detail out."
)


def repeats_protected(text: str, protected: Iterable[str]) -> bool:
    """Whether `text` contains one of the protected values (ignoring case and spacing)."""
    folded = " ".join(text.casefold().split())
    for value in protected:
        needle = " ".join(value.casefold().split())
        if len(needle) >= SHORTEST_CHECKED and needle in folded:
            return True
    return False


def refuse_protected(text: str, protected: Iterable[str]) -> None:
    """Raise a form error if `text` repeats a protected value.

    `protected` comes from the door (`protected_details_for`), which gives values to the
    victim side only: nobody else can use the refusal to test a guess.
    """
    if text and repeats_protected(text, protected):
        raise forms.ValidationError(REPEATS_PROTECTED)
