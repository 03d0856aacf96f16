"""The words of recidivism episodes (Module 6, Topic 2) and of remote sessions (Module 4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from asap.cases.enums import Compartment, Side


class EpisodeSource(models.TextChoices):
    """Who reported the episode, in the protocol's words ("Recidivism episodes reported by the
    perpetrator, … by the victim and … by other agencies")."""

    PERPETRATOR = "perpetrator", _("Reported by the perpetrator")
    VICTIM = "victim", _("Reported by the victim")
    AGENCY = "agency", _("Reported by other agencies")


# The source a worker records: each side records what it hears.
SOURCE_FOR_SIDE: dict[str, str] = {
    Side.PERPETRATOR: EpisodeSource.PERPETRATOR,
    Side.VICTIM: EpisodeSource.VICTIM,
    Side.AGENCY: EpisodeSource.AGENCY,
}

# What the woman reports stays on the victim side until a victim-side worker shares it with
# her consent; what he discloses and what other agencies report is known to every member.
EPISODE_COMPARTMENT: dict[str, str] = {
    EpisodeSource.PERPETRATOR: Compartment.JOINT,
    EpisodeSource.VICTIM: Compartment.VICTIM,
    EpisodeSource.AGENCY: Compartment.JOINT,
}


class FormOfViolence(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    VERBAL = "verbal", _("Verbal")
    PSYCHOLOGICAL = "psychological", _("Psychological")
    SEXUAL = "sexual", _("Sexual")
    SOCIO_ECONOMIC = "socio_economic", _("Socio-economic")
    DIGITAL = "digital", _("Digital")


class Severity(models.TextChoices):
    """A three-step scale, the same words for every source so the three can be compared."""

    LOW = "low", pgettext_lazy("severity", "Low")
    MEDIUM = "medium", pgettext_lazy("severity", "Medium")
    HIGH = "high", pgettext_lazy("severity", "High")


class ChildrenPresent(models.TextChoices):
    YES = "yes", pgettext_lazy("children present", "Yes")
    NO = "no", pgettext_lazy("children present", "No")
    UNKNOWN = "unknown", pgettext_lazy("children present", "Not known")


class WithWhom(models.TextChoices):
    """Who the worker counselled or cooperated with at a distance."""

    MAN = "man", _("The man")
    WOMAN = "woman", _("The woman")
    CHILD = "child", _("A child")
    AGENCY = "agency", _("Another agency")


# Sessions with the woman or a child are hers; with the man, the programme's; with another
# agency, every member's.
SESSION_COMPARTMENT: dict[str, str] = {
    WithWhom.MAN: Compartment.PERPETRATOR,
    WithWhom.WOMAN: Compartment.VICTIM,
    WithWhom.CHILD: Compartment.VICTIM,
    WithWhom.AGENCY: Compartment.JOINT,
}

# With whom each side may record a session: only what the side itself may read back.
WITH_WHOM_FOR_SIDE: dict[str, list[str]] = {
    Side.VICTIM: [WithWhom.WOMAN, WithWhom.CHILD, WithWhom.AGENCY],
    Side.PERPETRATOR: [WithWhom.MAN, WithWhom.AGENCY],
    Side.AGENCY: [WithWhom.AGENCY],
}


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video call")
    CHAT = "chat", _("Chat")


class SessionOutcome(models.TextChoices):
    HELD = "held", _("Held")
    NOT_HELD = "not_held", _("Not held")
    STOPPED = "stopped", _("Stopped (for example, the end signal was used)")
