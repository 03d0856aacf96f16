"""Labels for an instrument's codes, so a reader never sees a raw code such as
`yes_no_unknown` or `victim` on the page of a definition."""

from django import template
from django.utils.translation import gettext_lazy as _

from asap.cases.enums import Compartment
from asap.instruments.enums import LEVEL_LABELS

register = template.Library()

ANSWER_TYPES = {
    "yes_no_unknown": _("yes / no / unknown"),
    "single": _("one choice"),
    "multiple": _("several choices"),
    "scale": _("scale"),
    "number": _("number"),
    "date": _("date"),
    "text": _("text"),
}


@register.filter
def answer_type(code: str) -> str:
    return str(ANSWER_TYPES.get(code, code))


@register.filter
def compartment(code: str) -> str:
    return str(Compartment(code).label) if code in Compartment.values else code


@register.filter
def risk_level(code: str) -> str:
    return str(LEVEL_LABELS.get(code, code))


@register.filter
def tier_of(section, tier: str) -> str:
    """The title of `section`'s tier `tier` (its code when it has none)."""
    return section.tier_title(tier) or tier
