"""The standard agreement a draft starts from.

The section names are those of "Development of a Multi-Agency Standard Agreement for common
actions of the PP and VSS" (Module 5, Topic 3): Legislative framework - if any, Principles,
Scope, Objectives, Commitments. The text of each section is taken from the programme's own
words (Module 5 and Module 6) wherever it gives them; the parties edit it to their country
and situation before sending it for sign-off.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from asap.agreements.enums import AgreementLevel

SECTIONS = (
    ("legislative_framework", gettext_lazy("Legislative framework - if any")),
    ("principles", gettext_lazy("Principles")),
    ("scope", gettext_lazy("Scope")),
    ("objectives", gettext_lazy("Objectives")),
    ("commitments", gettext_lazy("Commitments")),
)


def _lines(*lines: str) -> str:
    return "\n".join(lines)


def standard_text(level: str, *, case_code: str = "") -> dict[str, str]:
    """Title and sections of the standard agreement at `level`, in the active language."""
    if level == AgreementLevel.CASE:
        title = _("Case level agreement for case %(code)s") % {"code": case_code}
        scope = _lines(
            _(
                "This is a case level agreement: an agreement between the case managers, "
                "which is limited in time and in the scope of an individual case."
            ),
            _(
                "It covers joint case %(code)s only, from the date it comes into force to the "
                "date it ends, and the common actions of the parties' case managers in it."
            )
            % {"code": case_code},
        )
    else:
        title = _("Multi-Agency Standard Agreement for common actions of the PP and VSS")
        scope = _lines(
            _(
                "This is an organisations level agreement: an agreement between the managements "
                "of the agencies, which is not limited in time and in the scope of an "
                "individual case."
            ),
            _(
                "It covers the common actions of the parties in every joint case in which they "
                "work together under the ASAP 2.0 Protocol, and is required before a case "
                "shares information with another party."
            ),
        )
    return {
        "title": title,
        "legislative_framework": _lines(
            _(
                "Council of Europe Convention on preventing and combating violence against "
                "women and domestic violence (Istanbul Convention)."
            ),
            _(
                "Directive 2012/29/EU establishing minimum standards on the rights, support "
                "and protection of victims of crime."
            ),
            _("National and regional legislation and regulations, if any: …"),
        ),
        "principles": _lines(
            _(
                "- The main and constant purpose of the cooperation is the protection of "
                "victim(s) of both direct and witnessed violence (including children): to "
                "improve treatment for perpetrators and reduce the risk for victims."
            ),
            _(
                "- Practices in perpetrator work prioritize the safety of victims and place "
                "the rights of victims at the center of all measures, as required by the "
                "Istanbul Convention."
            ),
            _(
                "- The parties are allies and partners when it comes to addressing the "
                "harmful practice of victim blaming."
            ),
            _("- Mutual respect and recognition of experience and expertise."),
            _("- Common understanding of the GBV."),
        ),
        "scope": scope,
        "objectives": _lines(
            _(
                "- Common goals and expected results: to better protect victims and prevent "
                "recidivism."
            ),
            _(
                "- Connection and coordination between the PP and the VSS, because the "
                "exchange of information in risk assessment and case management improves the "
                "protection of victims."
            ),
            _("- Identifying common priorities and planning coordinated actions."),
        ),
        "commitments": _lines(
            _("- Sharing information"),
            _("- Discussing values, vision, and approaches"),
            _("- Identifying common priorities"),
            _("- Understanding each other's working methodologies"),
            _("- Communication and coordination through the meetings timeline"),
            _("- Pooling resources"),
            _("- Resources to implement the cooperation"),
            _("- Offering mutual support for advocacy campaigns"),
        ),
    }
