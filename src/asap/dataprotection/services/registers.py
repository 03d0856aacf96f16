"""The record of processing activities (GDPR art. 30) and the breach record (art. 33)."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from asap.accounts.models import Organisation
from asap.core import audit
from asap.core.versioning import save_versioned
from asap.dataprotection.models import Breach, ProcessingActivity

ACTIVITY_FIELDS = [
    "name",
    "controller",
    "purpose",
    "data_subjects",
    "data_categories",
    "recipients",
    "transfers",
    "retention",
    "security",
]
BREACH_FIELDS = [
    "discovered_at",
    "nature",
    "data_categories",
    "subjects_affected",
    "records_affected",
    "consequences",
    "measures",
    "authority_notified_at",
    "subjects_notified_at",
    "reason_not_notified",
]


def default_activities(organisation: Organisation) -> list[dict[str, str]]:
    """The platform's own processing, as a starting point the officer edits."""
    from asap.dataprotection.services.retention import default_years

    years = default_years()
    security = _(
        "Pseudonymous case codes; names, contacts and notes encrypted at rest (Fernet keys "
        "outside the database); an information barrier between the perpetrator's and the "
        "victim's side; multi-factor authentication for everyone; re-authentication before "
        "exports; an append-only, hash-chained audit trail of every read and change; "
        "role-based access; retention and erasure on request."
    )
    return [
        {
            "name": _("Joint case work with a perpetrator and a victim (ASAP 2.0 protocol)"),
            "controller": organisation.name,
            "purpose": _(
                "Protecting women and children from domestic violence through multi-agency "
                "cooperation: joint risk assessment, action and IT safety plans, recidivism "
                "monitoring, outcome questionnaires and case meetings."
            ),
            "data_subjects": _(
                "The man in a perpetrator programme; the woman and the children; the "
                "professionals working on the case."
            ),
            "data_categories": _(
                "Names, year of birth and gender; contact and location details of the woman "
                "and children (protected); notes; risk answers and levels; episodes of "
                "violence (special categories: health, sex life, criminal offences); consent."
            ),
            "recipients": _(
                "The agencies taking part in the case (perpetrator programme, victim support "
                "service, police, child protection, social services, health, justice), each "
                "seeing only its side's compartments and what was shared with consent."
            ),
            "transfers": _("None outside the European Economic Area."),
            "retention": _(
                "Closed cases are anonymised %(years)s years after their last activity "
                "(per record kind, see the retention rules); erasure on request."
            )
            % {"years": years},
            "security": security,
        },
        {
            "name": _("Capacity-building programme (training events and evaluation)"),
            "controller": organisation.name,
            "purpose": _(
                "Running training events, attendance, pre/post questionnaires and certificates."
            ),
            "data_subjects": _("Trainers and trainees."),
            "data_categories": _(
                "Name, e-mail, organisation, profile, attendance, questionnaire answers."
            ),
            "recipients": _("The trainers of the event; the network's coordinators (figures)."),
            "transfers": _("None outside the European Economic Area."),
            "retention": _("Kept while the person takes part in the programme."),
            "security": security,
        },
    ]


def ensure_register(*, actor: Any, organisation: Organisation) -> None:
    """Give an organisation without a register the default entries. Side effect: audit row
    `register.created`."""
    with transaction.atomic():
        if ProcessingActivity.objects.filter(organisation=organisation).exists():
            return
        for values in default_activities(organisation):
            ProcessingActivity.objects.create(organisation=organisation, updated_by=actor, **values)
        audit.record(
            actor=actor,
            action="register.created",
            object_type="dataprotection.processingactivity",
            organisation_id=organisation.pk,
        )


def save_activity(
    *,
    actor: Any,
    organisation: Organisation,
    activity: ProcessingActivity | None,
    values: dict[str, Any],
    expected_version: int | None = None,
) -> ProcessingActivity:
    """Add or change an entry of the register (stale edits refused). Side effect: audit row
    `register.changed` naming the fields."""
    with transaction.atomic():
        if activity is None:
            activity = ProcessingActivity.objects.create(
                organisation=organisation, updated_by=actor, **values
            )
            changed = list(values)
        else:
            changed = [f for f in ACTIVITY_FIELDS if getattr(activity, f) != values.get(f)]
            for field, value in values.items():
                setattr(activity, field, value)
            activity.updated_by = actor
            save_versioned(
                activity,
                fields=[*values, "updated_by"],
                expected_version=expected_version or activity.version,
            )
        audit.record(
            actor=actor,
            action="register.changed",
            obj=activity,
            organisation_id=organisation.pk,
            fields=changed,
        )
    return activity


def save_breach(
    *,
    actor: Any,
    organisation: Organisation,
    breach: Breach | None,
    values: dict[str, Any],
    expected_version: int | None = None,
) -> Breach:
    """Record a breach or update its record (stale edits refused). Side effect: audit row
    `breach.recorded` or `breach.changed` naming the fields."""
    with transaction.atomic():
        if breach is None:
            breach = Breach.objects.create(organisation=organisation, recorded_by=actor, **values)
            action, changed = "breach.recorded", list(values)
        else:
            changed = [f for f in BREACH_FIELDS if getattr(breach, f) != values.get(f)]
            for field, value in values.items():
                setattr(breach, field, value)
            save_versioned(
                breach,
                fields=list(values),
                expected_version=expected_version or breach.version,
            )
            action = "breach.changed"
        audit.record(
            actor=actor, action=action, obj=breach, organisation_id=organisation.pk, fields=changed
        )
    return breach
