"""The forms of real work, used on fictional cases: the action plan's row (without the
reminded worker: a practice case has no workers) and the IT safety plan with every part."""

from typing import Any

from asap.cases.enums import Compartment
from asap.plans.enums import SAFETY_PARTS, STALKERWARE_FIELDS
from asap.plans.forms import ActionForm, EditActionForm, SafetyPlanForm

SAFETY_FIELDS = [part.field for part in SAFETY_PARTS] + list(STALKERWARE_FIELDS)


class PracticeActionForm(ActionForm):
    """A new row of the practice action plan: need, action, term, person/agency responsible."""

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, workers=[], compartments=[Compartment.JOINT], **kwargs)
        del self.fields["responsible_user"]


class PracticeEditActionForm(EditActionForm):
    """A row of the practice action plan with its status."""

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(
            data,
            workers=[],
            compartments=[Compartment.JOINT],
            compartment=Compartment.JOINT,
            **kwargs,
        )
        del self.fields["responsible_user"]


class PracticeSafetyPlanForm(SafetyPlanForm):
    """Every key area and safety measure: in practice the trainee writes the whole plan."""

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        super().__init__(data, fields=SAFETY_FIELDS, **kwargs)
