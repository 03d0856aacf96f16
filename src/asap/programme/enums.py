"""The words of his programme: where he stands in it, and his sessions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgrammeStatus(models.TextChoices):
    """Where the man stands in the perpetrator programme."""

    INTAKE = "intake", pgettext_lazy("programme status", "Intake")
    ASSESSMENT = "assessment", pgettext_lazy("programme status", "Assessment")
    ATTENDING_GROUP = "attending_group", _("Attending in a group")
    ATTENDING_INDIVIDUAL = "attending_individual", _("Attending individually")
    SUSPENDED = "suspended", pgettext_lazy("programme status", "Suspended")
    DROPPED_OUT = "dropped_out", pgettext_lazy("programme status", "Dropped out")
    EXPELLED = "expelled", pgettext_lazy("programme status", "Expelled")
    COMPLETED = "completed", pgettext_lazy("programme status", "Completed")


# A change to one of these statuses alerts the victim side at once: the partner contact must
# warn her, and her safety plan is reviewed. The words of the alert carry no reason.
ALERTING_STATUSES: dict[str, object] = {
    ProgrammeStatus.SUSPENDED: _("His programme was suspended"),
    ProgrammeStatus.DROPPED_OUT: _("He dropped out of the programme"),
    ProgrammeStatus.EXPELLED: _("He was expelled from the programme"),
}


class SessionKind(models.TextChoices):
    GROUP = "group", pgettext_lazy("programme session", "Group")
    INDIVIDUAL = "individual", pgettext_lazy("programme session", "Individual")


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT_WITH_NOTICE = "absent_notice", _("Absent with notice")
    ABSENT_WITHOUT_NOTICE = "absent_no_notice", _("Absent without notice")
    LATE = "late", _("Late")


# Absences count towards a streak whether or not he gave notice; being there, even late,
# ends it.
ABSENCES = frozenset({Attendance.ABSENT_WITH_NOTICE, Attendance.ABSENT_WITHOUT_NOTICE})
