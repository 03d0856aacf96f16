"""The words of the joint case: sides, compartments, phases, and what a record can be."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Side(models.TextChoices):
    """Which side of the barrier a case member works on."""

    PERPETRATOR = "perpetrator", _("Perpetrator side")
    VICTIM = "victim", _("Victim side")
    AGENCY = "agency", _("Other agency")


class Compartment(models.TextChoices):
    """Who may read a field or record. `protected` locates or identifies the woman and the
    children: it reaches victim-side members only and can never be shared."""

    PERPETRATOR = "perpetrator", _("Perpetrator side only")
    VICTIM = "victim", _("Victim side only")
    JOINT = "joint", _("Joint: every member of the case")
    PROTECTED = "protected", _("Protected: victim side only, never shared")


# The compartments a side reads without any share.
OWN_COMPARTMENTS: dict[str, frozenset[str]] = {
    Side.VICTIM: frozenset({Compartment.VICTIM, Compartment.PROTECTED, Compartment.JOINT}),
    Side.PERPETRATOR: frozenset({Compartment.PERPETRATOR, Compartment.JOINT}),
    Side.AGENCY: frozenset({Compartment.JOINT}),
}


class Phase(models.TextChoices):
    REFERRAL = "referral", pgettext_lazy("case phase", "Referral and consent")
    ASSESSMENT = "assessment", pgettext_lazy("case phase", "Joint risk assessment")
    INTERVENTION = "intervention", pgettext_lazy("case phase", "Programme and support")
    FOLLOW_UP = "follow_up", pgettext_lazy("case phase", "Follow-up")


class CaseStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("case status", "Open")
    CLOSED = "closed", pgettext_lazy("case status", "Closed")


class ClosingReason(models.TextChoices):
    """Why a case was closed (the list a worker chooses from; the note says more)."""

    PROGRAMME_COMPLETED = "completed", _("Programme completed")
    DROPPED_OUT = "dropped_out", _("He dropped out of the programme")
    SHE_ASKED = "she_asked", _("She asked to close the case")
    MOVED_AWAY = "moved_away", _("Moved away")
    NO_CONTACT = "no_contact", pgettext_lazy("closing reason", "No contact")
    OTHER = "other", _("Other reason")


class ConsentingParent(models.TextChoices):
    """Who gave the informed consent for a child's assessment."""

    NOT_RECORDED = "", _("Not recorded")
    MOTHER = "mother", _("The mother")
    FATHER = "father", _("The father")
    BOTH = "both", _("Both parents")
    GUARDIAN = "guardian", _("A guardian")
    COURT = "court", _("A court")


# Who consents for a child when a court or guardian route was needed.
COURT_OR_GUARDIAN = (ConsentingParent.GUARDIAN, ConsentingParent.COURT)


class RiskLevel(models.TextChoices):
    NOT_ASSESSED = "", pgettext_lazy("risk level", "Not assessed")
    LOW = "low", pgettext_lazy("risk level", "Low")
    INTERMEDIATE = "intermediate", pgettext_lazy("risk level", "Intermediate")
    HIGH = "high", pgettext_lazy("risk level", "High")


class PersonRole(models.TextChoices):
    PERPETRATOR = "perpetrator", pgettext_lazy("person in a case", "The man (perpetrator)")
    VICTIM = "victim", pgettext_lazy("person in a case", "The woman (victim)")
    CHILD = "child", pgettext_lazy("person in a case", "Child")


class Gender(models.TextChoices):
    UNSTATED = "", _("Not stated")
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Another gender")


class ProtectedKind(models.TextChoices):
    """What locates or identifies the woman and the children."""

    ADDRESS = "address", _("Address")
    SHELTER = "shelter", _("Shelter")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    SAFE_CHANNEL = "safe_channel", _("Safe communication channel")
    NEW_ACCOUNT = "new_account", _("New account or profile")
    SCHOOL = "school", _("School")
    WORKPLACE = "workplace", _("Workplace")


class AgencyStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Taking part")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")
    WITHDRAWN = "withdrawn", _("Invitation withdrawn")


class ConsentScope(models.TextChoices):
    """What the woman agreed may be shared beyond the victim side."""

    PERPETRATOR_PROGRAMME = (
        "perpetrator_programme",
        _("Sharing information with the perpetrator programme"),
    )
    OTHER_AGENCIES = "other_agencies", _("Sharing information with other agencies in the case")


# The consent scope a share to each side needs.
SCOPE_FOR_SIDE: dict[str, str] = {
    Side.PERPETRATOR: ConsentScope.PERPETRATOR_PROGRAMME,
    Side.AGENCY: ConsentScope.OTHER_AGENCIES,
}


class ProfessionalGender(models.TextChoices):
    NO_PREFERENCE = "", _("No preference")
    FEMALE = "female", _("A woman")
    MALE = "male", _("A man")


class EntryKind(models.TextChoices):
    """What a timeline entry records. Only notes carry free text."""

    NOTE = "note", _("Note")
    CASE_OPENED = "case_opened", _("Case opened")
    CASE_UPDATED = "case_updated", _("Case details changed")
    AGENCY_INVITED = "agency_invited", _("Agency invited")
    AGENCY_JOINED = "agency_joined", _("Agency joined")
    AGENCY_DECLINED = "agency_declined", _("Agency declined")
    MEMBER_ADDED = "member_added", _("Member added")
    MEMBER_LEFT = "member_left", _("Member left")
    PERSON_ADDED = "person_added", _("Person added")
    PERSON_UPDATED = "person_updated", _("Person changed")
    PROTECTED_DETAIL_ADDED = "protected_detail_added", _("Protected detail recorded")
    CONSENT_RECORDED = "consent_recorded", _("Consent recorded")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    WAIVER_RECORDED = "waiver_recorded", _("His waiver of confidentiality recorded")
    WAIVER_WITHDRAWN = "waiver_withdrawn", _("His waiver of confidentiality withdrawn")
    ITEM_SHARED = "item_shared", _("Item shared")
    SHARE_WITHDRAWN = "share_withdrawn", _("Share withdrawn")
    CHILD_PREPARATION = "child_preparation", _("Child assessment prepared")
    RISK_LEVEL_SET = "risk_level_set", _("Risk level agreed")
    RISK_ALERT = "risk_alert", _("Risk rose: an extraordinary meeting is proposed")
    EPISODE = "episode", _("Episode reported")
    EPISODE_ALERT = (
        "episode_alert",
        _("New episode: re-assessment and an extraordinary meeting are proposed"),
    )
    ACTION = "action", _("Action plan changed")
    SAFETY_PLAN = "safety_plan", _("IT safety plan changed")
    MEETING = "meeting", _("Meeting")
    REMOTE_SESSION = "remote_session", _("Remote session recorded")
    CASE_CLOSED = "case_closed", _("Case closed")
    CASE_REOPENED = "case_reopened", _("Case reopened")
    LEAD_CHANGED = "lead_changed", _("Lead worker changed")
    AGENCY_TRANSFERRED = "agency_transferred", _("Agency's part transferred")
    CASE_IMPORTED = "case_imported", _("Case imported")
    PROGRAMME_STATUS = "programme_status", _("Programme status changed")
    PROGRAMME_ALERT = (
        "programme_alert",
        _("His programme: inform her and review her safety plan"),
    )
    ATTACHMENT = "attachment", _("File attached")
    PROTECTION_ORDER = "protection_order", _("Protection order recorded")
    PROCEEDING = "proceeding", _("Court proceeding recorded")
    PHASE_MOVED = "phase_moved", _("Phase moved")
    ASSESSMENT_WITHDRAWN = "assessment_withdrawn", _("Assessment withdrawn")
