"""The data-protection records of the world: a breach recorded by the world's officer and the
default register (so the crawl opens their pages), and her answers to the outcome
questionnaire (T0), so that the crawl can follow them into the subject-access export. The
world holds an officer of each organisation taking part ("dpo" the shelter's, "dpo_pp" the
programme's, "dpo_agency" the police's)."""

import datetime

from django.utils import timezone

from asap.cases import access
from asap.dataprotection.services import registers
from asap.instruments import services as instruments
from asap.instruments.models import Administration

# Her answers at T0 (victim compartment): what the crawl looks for beside the canaries.
HER_OUTCOME = {"feels_safe": 1, "fear": 4}


def plant(case, people, canaries) -> dict[str, int]:
    dpo = people["dpo"]
    organisation = dpo.active_memberships[0].organisation
    breach = registers.save_breach(
        actor=dpo,
        organisation=organisation,
        breach=None,
        values={
            "discovered_at": timezone.make_aware(datetime.datetime(2026, 2, 3, 9, 30)),
            "nature": "A laptop was stolen (world breach)",
            "data_categories": "Case codes only",
            "subjects_affected": 0,
            "records_affected": 0,
            "consequences": "None expected: the disk was encrypted",
            "measures": "Keys rotated",
            "authority_notified_at": None,
            "subjects_notified_at": None,
            "reason_not_notified": "Unlikely to result in a risk",
        },
    )
    registers.ensure_register(actor=dpo, organisation=organisation)
    vss = people["victim_side"]
    vss_access = access.case_for(vss, case.pk)
    outcome = Administration.objects.visible_to(vss_access).get(definition_key="outcome-victim")
    instruments.save_answers(
        actor=vss,
        access=vss_access,
        administration=outcome,
        expected_version=outcome.version,
        answers=HER_OUTCOME,
    )
    return {"breach": breach.pk}
