"""The data-protection records of the world: a breach recorded by the world's officer and the
default register (so the crawl opens their pages). No case data is planted here: the
officer's pages must show the world's canaries to nobody, and the crawl checks that."""

import datetime

from django.utils import timezone

from asap.dataprotection.services import registers


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
    return {"breach": breach.pk}
