"""An erasure request refused, or answered by restricting processing instead (GDPR art. 17(3),
art. 18), and the letter that tells the requester.

The officer whose side handles the person's data decides (`asap.dataprotection.sides`), on a
legal ground chosen from a list (`LegalGround`) and with an explanation. A restriction
freezes the case until it is lifted (`asap.dataprotection.restrictions`): the data are kept,
nobody changes them, erasure and retention leave them alone. The audit trail records the
decision, the lifting and each letter produced, never the explanation.
"""

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from asap.cases.models import Person
from asap.core import audit
from asap.core.pdf import render_pdf
from asap.core.scopes import named_scope
from asap.dataprotection import restrictions
from asap.dataprotection.casedata import redact
from asap.dataprotection.enums import DecisionOutcome, split_person
from asap.dataprotection.models import ErasureDecision
from asap.dataprotection.services.erasure import identifying_values, person_of
from asap.dataprotection.sides import OfficerAccess

WITHHELD = "[withheld]"
AUDIT_ACTIONS = {
    DecisionOutcome.REFUSED: "erasure.refused",
    DecisionOutcome.RESTRICTED: "processing.restricted",
}


class Restricted(Exception):  # noqa: N818  (reads as what happened)
    """Processing of the case is restricted: nothing of it is erased or restricted again
    until the restriction is lifted. `str()` says since when and for whom."""


def refuse_if_restricted(access: OfficerAccess) -> None:
    """Raise `Restricted` when a restriction is in force on the officer's case: erasing
    would destroy what the restriction keeps."""
    restricted = restrictions.in_force(access.case.pk)
    if restricted:
        raise Restricted(
            " ".join(restrictions.notices(restricted, access.side))
            + " "
            + _("Lift the restriction first if the data may now be erased.")
        )


def decide_erasure_request(
    *,
    actor: Any,
    access: OfficerAccess,
    person: str,
    reference: str,
    outcome: str,
    ground: str,
    explanation: str,
) -> ErasureDecision:
    """Record that the erasure request about `person` is refused or answered by a
    restriction, on `ground`. Raises `PersonNotFound` (no such person) and `Restricted` (the
    person's data are already restricted). Side effects: an audit row `erasure.refused` or
    `processing.restricted`; a restriction freezes the case at once."""
    person_of(access, person)
    with transaction.atomic():
        restricted = restrictions.in_force(access.case.pk)
        if outcome == DecisionOutcome.RESTRICTED and any(r.person == person for r in restricted):
            raise Restricted(_("Processing of this person's data is already restricted."))
        decision = ErasureDecision.objects.create(
            outcome=outcome,
            ground=ground,
            explanation=explanation,
            case_id=access.case.pk,
            case_code=access.case.code,
            person=person,
            reference=reference,
            organisation=access.organisation,
            decided_by=actor,
        )
        audit.record(
            actor=actor,
            action=AUDIT_ACTIONS[DecisionOutcome(outcome)],
            obj=decision,
            organisation_id=access.organisation.pk,
            case_id=access.case.pk,
            fields=["explanation", "ground", "outcome"],
        )
    return decision


def lift_restriction(*, actor: Any, decision: ErasureDecision) -> ErasureDecision:
    """Lift a restriction in force: the case can be changed again. Side effect: an audit
    row `restriction.lifted`. A decision already lifted (or a refusal) is left as it is."""
    with transaction.atomic():
        decision = ErasureDecision.objects.select_for_update().get(pk=decision.pk)
        if not decision.in_force:
            return decision
        decision.lifted_at, decision.lifted_by = timezone.now(), actor
        decision.save(update_fields=["lifted_at", "lifted_by"])
        audit.record(
            actor=actor,
            action="restriction.lifted",
            obj=decision,
            organisation_id=decision.organisation_id,
            case_id=decision.case_id,
            fields=["lifted_at"],
        )
    return decision


def _others_values(decision: ErasureDecision) -> list[str]:
    """The other persons' names and protected details of the case, only to withhold them
    from the letter: read in the officer's scope, never returned."""
    role, number = split_person(decision.person)
    values: list[str] = []
    with named_scope("data-protection-officer"):
        others = Person.objects.filter(case_id=decision.case_id).exclude(
            Q(role=role) & Q(number=number)
        )
        for other in others:
            values += identifying_values(other, "data-protection-officer")
    return values


def letter(*, actor: Any, decision: ErasureDecision) -> tuple[str, bytes]:
    """The letter to the requester (file name, PDF): the decision, its legal ground, the
    explanation (any other person's name or details withheld) and the right to complain to
    a supervisory authority. Side effect: an audit row `decision.letter`."""
    explanation = redact(decision.explanation, _others_values(decision), WITHHELD)
    pdf = render_pdf(
        "dataprotection/decision_letter.html",
        {"decision": decision, "explanation": explanation},
    )
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="decision.letter",
            obj=decision,
            organisation_id=decision.organisation_id,
            case_id=decision.case_id,
            fields=["explanation", "ground", "outcome"],
        )
    return f"erasure-decision-{decision.case_code}-{decision.pk}.pdf", pdf
