"""The daily e-mail of My work, through Django's Tasks API.

`send_work_digests` runs on the worker (`asap db_worker`): it writes to every active person
who keeps the e-mail on (`User.work_digest`) and has at least one item, saying how many and
linking to My work, nothing else (no case code, no kind), then queues itself for the next
morning. `asap work_digest` queues the first run (or sends today's at once with `--now`).
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from asap.accounts.models import User
from asap.work.queries import items_for

logger = logging.getLogger(__name__)
RUN_AT_HOUR = 7


def recipients() -> list[User]:
    """Active people with the e-mail on and an active role somewhere."""
    return list(
        User.objects.filter(
            is_active=True,
            work_digest=True,
            memberships__is_active=True,
            memberships__organisation__is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def send_digest(user: User, today: datetime.date) -> bool:
    """E-mail `user` how many items wait in My work; False (no e-mail) if none do."""
    count = len(items_for(user, today))
    if not count:
        return False
    link = settings.ASAP_SITE_URL.rstrip("/") + reverse("work:list")
    with translation.override(user.language or None):
        subject = ngettext(
            "You have %(count)d item in My work", "You have %(count)d items in My work", count
        ) % {"count": count}
        body = render_to_string("work/email/digest.txt", {"count": count, "link": link})
    send_mail(subject, body, None, [user.email])
    return True


@task()
def send_work_digests(requeue: bool = True) -> int:
    """Send today's digests; queue the next run for tomorrow morning."""
    today = timezone.localdate()
    try:
        sent = 0
        for user in recipients():
            try:
                sent += send_digest(user, today)
            except OSError:
                logger.exception("A work digest could not be sent (user %s)", user.pk)
        return sent
    finally:
        if requeue:  # even if a run fails, the chain goes on tomorrow
            tomorrow = timezone.make_aware(
                datetime.datetime.combine(
                    today + datetime.timedelta(days=1), datetime.time(RUN_AT_HOUR)
                )
            )
            send_work_digests.using(run_after=tomorrow).enqueue()
