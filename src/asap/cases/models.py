"""The joint case: one couple and their children, worked on by agencies on both sides.

Every concrete field of every model here is classified in `asap.cases.compartments` (a test
checks that none is missing). The access door (`asap.cases.access`) is the only reader of
these models.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from asap.accounts.models import Organisation
from asap.cases.enums import (
    COURT_OR_GUARDIAN,
    AgencyStatus,
    CaseStatus,
    ClosingReason,
    Compartment,
    ConsentingParent,
    EntryKind,
    Gender,
    PersonRole,
    Phase,
    ProfessionalGender,
    ProtectedKind,
    RiskLevel,
    Side,
)
from asap.cases.querysets import (
    ConsentQuerySet,
    MembersQuerySet,
    PersonNamePartQuerySet,
    PersonQuerySet,
    ProtectedDetailQuerySet,
    ShareQuerySet,
    TimelineEntryQuerySet,
    manager,
)
from asap.core import datakeys
from asap.core.datakeys import KeyOwner
from asap.core.fields import BlindIndexField, EncryptedCharField, EncryptedTextField

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud on the phone


def new_case_code() -> str:
    """A pseudonymous code such as `JC-7KQ4-M2XA`: says nothing about the people."""
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"JC-{chars[:4]}-{chars[4:]}"


class JointCase(models.Model):
    """One couple's case, known everywhere by its pseudonymous code."""

    code = models.CharField(_("case code"), max_length=16, unique=True, default=new_case_code)
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    risk_level = models.CharField(
        _("risk level"), max_length=16, choices=RiskLevel.choices, blank=True, db_index=True
    )
    programme_start = models.DateField(_("programme start"), null=True, blank=True)
    intervention_start = models.DateField(_("intervention start"), null=True, blank=True)
    programme_end = models.DateField(_("programme end"), null=True, blank=True)
    follow_up_date = models.DateField(_("follow-up date"), null=True, blank=True)
    # The earliest deadline still open on the case (follow-up now; actions later): one
    # indexed column makes "overdue" a cheap filter at any scale.
    next_due = models.DateField(_("next deadline"), null=True, blank=True, db_index=True)
    # The earliest term of an open action of the joint action plan (kept by the plans app).
    next_action_due = models.DateField(_("next action term"), null=True, blank=True)
    # Set when the case is closed (the closing note is a timeline entry of the closer's side).
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_reason = models.CharField(
        _("reason for closing"), max_length=16, choices=ClosingReason.choices, blank=True
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)
    organisations = models.ManyToManyField(
        Organisation, through="CaseAgency", related_name="joint_cases"
    )

    class Meta:
        ordering = ["-opened_at"]
        verbose_name = _("joint case")
        verbose_name_plural = _("joint cases")
        indexes = [models.Index(fields=["status", "phase"], name="case_status_phase")]

    def __str__(self) -> str:
        return self.code


class CaseAgency(models.Model):
    """An agency's part in a case: invited, taking part, declined or left."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="agencies")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="case_agencies"
    )
    side = models.CharField(_("side"), max_length=16, choices=Side.choices)
    status = models.CharField(_("status"), max_length=16, choices=AgencyStatus.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited"), auto_now_add=True)
    message = EncryptedTextField(_("message to the agency"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    responded_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decline_reason = EncryptedTextField(_("reason for declining"), blank=True)

    class Meta:
        ordering = ["invited_at"]
        verbose_name = _("agency in a case")
        verbose_name_plural = _("agencies in a case")
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="case_agency_once")
        ]
        # The agencies of an organisation by status, with their cases: an organisation's
        # invitations and its coordinator's open cases read from the index alone.
        indexes = [
            models.Index(fields=["organisation", "status", "case"], name="case_agency_org_case")
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.organisation}"

    def encryption_owner(self, field: str) -> KeyOwner:
        """Whose data key seals `field` (asap.core.datakeys)."""
        return KeyOwner(self.case_id, datakeys.CASE)


class CaseMember(models.Model):
    """A worker on a case, on one side of the barrier."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="case_memberships"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    side = models.CharField(_("side"), max_length=16, choices=Side.choices)
    is_lead = models.BooleanField(_("lead worker"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        ordering = ["side", "-is_lead", "joined_at"]
        verbose_name = _("case member")
        verbose_name_plural = _("case members")
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="case_member_once")]
        indexes = [
            models.Index(fields=["user", "is_active"], name="case_member_user"),
            # Whether an agency has an active worker on a case, from the index alone.
            models.Index(fields=["case", "organisation", "is_active"], name="case_member_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.user} · {self.side}"


class Person(models.Model):
    """The man, the woman or a child. Others see a child by label and year of birth."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="persons")
    role = models.CharField(_("who"), max_length=16, choices=PersonRole.choices)
    # Children are numbered in the order they were recorded; the label is built from it in
    # the reader's language.
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    name = EncryptedTextField(_("name"), blank=True)
    # An exact match on the name (normalised), for the data-protection officer's search.
    name_index = BlindIndexField(source="name")
    year_of_birth = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = manager(PersonQuerySet)

    class Meta:
        ordering = ["case", "role", "year_of_birth", "pk"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")

    def __str__(self) -> str:
        return str(self.label)

    def encryption_owner(self, field: str) -> KeyOwner:
        """Whose data key seals `field` (asap.core.datakeys)."""
        return KeyOwner(self.case_id, datakeys.person_subject(self.role, self.number))

    @property
    def label(self) -> str:
        """How the case refers to this person without naming them."""
        if self.role == PersonRole.PERPETRATOR:
            return gettext("The man")
        if self.role == PersonRole.VICTIM:
            return gettext("The woman")
        return gettext("Child %(number)s") % {"number": self.number}


class PersonNamePart(models.Model):
    """One normalised part of a person's name as a keyed blind index (never the name): how a
    member finds their case by a name. Rows follow the person: rewritten with the name,
    removed when the person is erased."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_parts")
    role = models.CharField(_("who"), max_length=16, choices=PersonRole.choices)
    digest = models.CharField(max_length=64)

    objects = manager(PersonNamePartQuerySet)

    class Meta:
        verbose_name = _("name part")
        verbose_name_plural = _("name parts")
        indexes = [models.Index(fields=["digest", "role"], name="name_part_digest")]

    def __str__(self) -> str:
        return f"{self.case_id} · {self.role}"


class ProtectedDetail(models.Model):
    """Something that locates or identifies the woman or a child: victim side only."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="protected_details")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="protected_details")
    kind = models.CharField(_("kind"), max_length=16, choices=ProtectedKind.choices)
    value = EncryptedTextField(_("detail"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = manager(ProtectedDetailQuerySet)

    class Meta:
        ordering = ["person", "kind", "pk"]
        verbose_name = _("protected detail")
        verbose_name_plural = _("protected details")

    def __str__(self) -> str:
        return self.get_kind_display()

    def encryption_owner(self, field: str) -> KeyOwner:
        """Whose data key seals `field` (asap.core.datakeys)."""
        return KeyOwner(self.case_id, datakeys.person_subject(self.person.role, self.person.number))


class TimelineEntry(models.Model):
    """One thing on a case's timeline: a note, or an event recorded by a service."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(_("time"))
    kind = models.CharField(_("kind"), max_length=32, choices=EntryKind.choices)
    compartment = models.CharField(_("who may read it"), max_length=16, choices=Compartment.choices)
    # The side whose worker recorded the content ("": an event of the platform, no content
    # of anyone's). Joint content the victim side recorded reaches the other sides only
    # while her consent is in force (`asap.cases.policy`).
    recorded_side = models.CharField(
        _("recorded by"), max_length=16, choices=Side.choices, blank=True, default=""
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    title = EncryptedTextField(_("title"), blank=True)
    body = EncryptedTextField(_("text"), blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = manager(TimelineEntryQuerySet)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        indexes = [models.Index(fields=["case", "-at", "-id"], name="timeline_case_at")]

    def __str__(self) -> str:
        return f"{self.case} · {self.kind} · {self.at:%Y-%m-%d}"

    def encryption_owner(self, field: str) -> KeyOwner:
        """Whose data key seals `field` (asap.core.datakeys)."""
        return datakeys.side_owner(self.case_id, self.recorded_side)


class Share(models.Model):
    """A named item shared with another side, with its purpose; withdrawn, not deleted."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="shares")
    entry = models.ForeignKey(TimelineEntry, on_delete=models.CASCADE, related_name="shares")
    with_side = models.CharField(_("shared with"), max_length=16, choices=Side.choices)
    purpose = EncryptedTextField(_("purpose"))
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    shared_at = models.DateTimeField(_("shared"), auto_now_add=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = manager(ShareQuerySet)

    class Meta:
        ordering = ["-shared_at"]
        verbose_name = _("share")
        verbose_name_plural = _("shares")
        indexes = [
            models.Index(fields=["entry", "with_side", "withdrawn_at"], name="share_entry_side")
        ]

    def __str__(self) -> str:
        return f"{self.entry} → {self.with_side}"

    def encryption_owner(self, field: str) -> KeyOwner:
        """Whose data key seals `field` (asap.core.datakeys)."""
        return datakeys.side_owner(self.case_id, self.entry.recorded_side)


class Consent(models.Model):
    """The woman's consent to information sharing, or the man's limited waiver of
    confidentiality (`given_by`): what it covers, when, and its withdrawal."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="consents")
    given_by = models.CharField(
        _("given by"),
        max_length=16,
        choices=[
            (PersonRole.VICTIM.value, PersonRole.VICTIM.label),
            (PersonRole.PERPETRATOR.value, PersonRole.PERPETRATOR.label),
        ],
        default=PersonRole.VICTIM,
    )
    scopes = models.JSONField(_("what she agreed to"), default=list)
    given_on = models.DateField(_("given on"))
    note = EncryptedTextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    objects = manager(ConsentQuerySet)

    class Meta:
        ordering = ["-given_on", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.case} · {self.given_on}"

    def encryption_owner(self, field: str) -> KeyOwner:
        """Whose data key seals `field` (asap.core.datakeys)."""
        return datakeys.side_owner(self.case_id, self.given_by)


class ChildAssessmentPreparation(models.Model):
    """The four principles of Module 2, checked before a child is assessed."""

    case = models.ForeignKey(JointCase, on_delete=models.CASCADE, related_name="+")
    child = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="assessment_preparation"
    )
    parent_consent_on = models.DateField(_("parent's informed consent given on"), null=True)
    consenting_parent = models.CharField(
        _("who consented"), max_length=8, choices=ConsentingParent.choices, blank=True
    )
    # A parent is the perpetrator: consent went through a court or a guardian instead.
    court_or_guardian_route = models.BooleanField(
        _("a court or guardian route was needed"), default=False
    )
    child_informed = models.BooleanField(default=False)
    child_agrees = models.BooleanField(default=False)
    support_person = EncryptedCharField(max_length=120, blank=True)
    rights_explained = models.BooleanField(default=False)
    may_record = models.BooleanField(default=False)
    gender_and_needs = EncryptedTextField(blank=True)
    professional_gender = models.CharField(
        max_length=8, choices=ProfessionalGender.choices, blank=True
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    prepared_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = manager(MembersQuerySet)

    class Meta:
        verbose_name = _("child assessment preparation")
        verbose_name_plural = _("child assessment preparations")

    def __str__(self) -> str:
        return f"{self.child}"

    def encryption_owner(self, field: str) -> KeyOwner:
        """Whose data key seals `field` (asap.core.datakeys)."""
        return KeyOwner(self.case_id, datakeys.VICTIM)

    @property
    def consent_problems(self) -> list[str]:
        """Why the parent's consent on record does not yet open the child's assessment.

        The man of the case is the perpetrator and, in the platform's terms, the father: his
        consent alone cannot open his child's assessment. Consent comes through the
        non-offending parent (the mother, or both parents), a guardian or a court; when a
        court or guardian route was needed, only a guardian's or a court's consent counts."""
        problems = []
        if not self.parent_consent_on:
            problems.append(gettext("The parent's informed consent is not on record."))
        if not self.consenting_parent:
            problems.append(gettext("Who gave the consent is not recorded."))
        elif self.consenting_parent == ConsentingParent.FATHER:
            problems.append(
                gettext(
                    "The father's consent alone is not enough: he is the perpetrator. The "
                    "mother's consent, a guardian's or a court's is needed."
                )
            )
        elif self.court_or_guardian_route and self.consenting_parent not in COURT_OR_GUARDIAN:
            problems.append(
                gettext("A court or guardian route was needed: a guardian or a court consents.")
            )
        return problems

    @property
    def is_ready(self) -> bool:
        """All four principles are met, the consent through the non-offending parent, a
        guardian or a court (`consent_problems`): the child may be assessed."""
        return bool(
            not self.consent_problems
            and self.child_informed
            and self.child_agrees
            and self.support_person
            and self.rights_explained
        )
