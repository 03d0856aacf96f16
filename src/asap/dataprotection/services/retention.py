"""Retention: closed cases are anonymised kind by kind once their retention period has passed.

A dry run (`prepare_report`) lists what would be anonymised — case codes and counts, never
names — and changes no case data; `apply_report` anonymises exactly the listed cases that
are still due. The longest period of any organisation taking part in a case wins, so no
agency loses records it must still keep.
"""

import datetime
import itertools
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from asap.accounts.enums import OrganisationKind
from asap.accounts.models import Organisation
from asap.cases.enums import EntryKind, Side
from asap.cases.models import CaseAgency, JointCase
from asap.core import audit, datakeys
from asap.core.models import DataKey
from asap.core.scopes import named_scope
from asap.dataprotection.casedata import CaseModel, case_models, keeps_figure, update_rows
from asap.dataprotection.enums import RecordKind, ReportStatus
from asap.dataprotection.models import Anonymisation, RetentionReport, RetentionRule
from asap.dataprotection.queries import TOOK_PART, closed_cases_with_activity
from asap.dataprotection.sides import handling_side

PEOPLE_MODELS = {"person", "protecteddetail", "childassessmentpreparation"}
FREE_TEXT_TYPES = {"text", "date"}
BATCH = 500


def default_years() -> int:
    return int(getattr(settings, "ASAP_RETENTION_YEARS", 5))


def rules_of(organisation: Organisation) -> dict[str, int]:
    """The organisation's period per record kind (the default where it set none)."""
    rules = {kind.value: default_years() for kind in RecordKind}
    rules |= dict(
        RetentionRule.objects.filter(organisation=organisation).values_list("kind", "years")
    )
    return rules


def set_rules(*, actor: Any, organisation: Organisation, years: dict[str, int]) -> None:
    """Store the organisation's periods. Side effect: audit row `retention.rules_changed`."""
    with transaction.atomic():
        changed = []
        for kind, value in years.items():
            rule, created = RetentionRule.objects.get_or_create(
                organisation=organisation,
                kind=kind,
                defaults={"years": value, "updated_by": actor},
            )
            if created or rule.years != value:
                rule.years, rule.updated_by = value, actor
                rule.save(update_fields=["years", "updated_by", "updated_at"])
                changed.append(kind)
        audit.record(
            actor=actor,
            action="retention.rules_changed",
            object_type="dataprotection.retentionrule",
            organisation_id=organisation.pk,
            fields=changed,
        )


def models_of(kind: str) -> list[CaseModel]:
    """The case models one record kind covers."""
    if kind == RecordKind.PEOPLE:
        return [m for m in case_models("cases") if m.key[1] in PEOPLE_MODELS]
    if kind == RecordKind.NOTES:
        return [m for m in case_models("cases") if m.key[1] not in PEOPLE_MODELS]
    return list(case_models(str(kind)))


def _agencies_of(case_ids: list[int]) -> dict[int, dict[int, str]]:
    """Per case, the organisations that took part in it and the side whose data each handles
    there (`asap.dataprotection.sides.handling_side`; one query)."""
    rows = CaseAgency.objects.filter(case_id__in=case_ids, status__in=TOOK_PART).values_list(
        "case_id", "organisation_id", "side", "organisation__kind"
    )
    by_case: dict[int, list[tuple[int, str, str]]] = defaultdict(list)
    for case_id, organisation_id, side, kind in rows:
        by_case[case_id].append((organisation_id, side, kind))
    found: dict[int, dict[int, str]] = defaultdict(dict)
    for case_id, agencies in by_case.items():
        service = any(kind == OrganisationKind.VICTIM_SUPPORT_SERVICE for *_, kind in agencies)
        for organisation_id, side, kind in agencies:
            found[case_id][organisation_id] = handling_side(side, kind, service)
    return found


def _side_here(organisation_ids: list[int] | None, agencies: dict[int, str]) -> str:
    """The side the report's organisation took in the case (the victim side when the report
    is the platform's own, from the command line, or when it took that side at all)."""
    if organisation_ids is None:
        return Side.VICTIM
    taken = {side for pk, side in agencies.items() if pk in organisation_ids}
    return Side.VICTIM if Side.VICTIM in taken or not taken else sorted(taken)[0]


def _years_for_case(
    organisation_ids: list[int], cache: dict[int, dict[str, int]]
) -> dict[str, int]:
    """The longest period per kind of any organisation that took part in the case."""
    years: dict[str, int] = {}
    for organisation_id in organisation_ids:
        if organisation_id not in cache:
            cache[organisation_id] = rules_of(Organisation(pk=organisation_id))
        for kind, value in cache[organisation_id].items():
            years[kind] = max(years.get(kind, 0), value)
    return years or {kind.value: default_years() for kind in RecordKind}


def _record_counts(due: list[tuple[JointCase, str]]) -> dict[tuple[int, str], int]:
    """Records per (case, kind) of the due pairs: one count per model over all the cases."""
    counts: dict[tuple[int, str], int] = defaultdict(int)
    case_ids = sorted({case.pk for case, _kind in due})
    with named_scope("retention"):
        for kind in sorted({kind for _case, kind in due}):
            for case_model in models_of(kind):
                path = case_model.case_path
                rows = (
                    case_model.model._default_manager.filter(**{f"{path}__in": case_ids})
                    .order_by()
                    .values(path)
                    .annotate(records=Count("pk"))
                )
                for row in rows:
                    counts[(row[path], kind)] += row["records"]
    return counts


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def last_activity(case: JointCase) -> datetime.date:
    moments = [case.updated_at, getattr(case, "last_entry", None)]
    return timezone.localdate(max(m for m in moments if m is not None))


def due_items(organisation_ids: list[int] | None, today: datetime.date) -> list[dict[str, Any]]:
    """What is due for anonymisation: one item per case and record kind (codes and counts).
    A case where the report's organisation took part on the perpetrator side or as another
    agency is listed without counts and is not applied by that report: its retention is the
    victim side's officer's (`asap.dataprotection.sides`), or the platform's command. The
    queries do not grow with the cases: a few per batch of 500 cases. The last activity of
    each case (a date over every side's timeline) is read in the retention scope."""
    with named_scope("retention"):
        return _due_items(organisation_ids, today)


def _due_items(organisation_ids: list[int] | None, today: datetime.date) -> list[dict[str, Any]]:
    done = set(Anonymisation.objects.values_list("case_id", "kind"))
    cache: dict[int, dict[str, int]] = {}
    items = []
    cases = closed_cases_with_activity(organisation_ids).iterator(chunk_size=BATCH)
    for batch in itertools.batched(cases, BATCH):
        agencies = _agencies_of([case.pk for case in batch])
        due = []
        for case in batch:
            years = _years_for_case(list(agencies.get(case.pk, {})), cache)
            for kind in RecordKind:
                if (case.pk, kind.value) in done:
                    continue
                if _add_years(last_activity(case), years[kind]) > today:
                    continue
                due.append((case, kind.value))
        side = {case.pk: _side_here(organisation_ids, agencies.get(case.pk, {})) for case in batch}
        handled = [(case, kind) for case, kind in due if side[case.pk] == Side.VICTIM]
        counts = _record_counts(handled) if handled else {}
        items += [
            {
                "case_id": case.pk,
                "code": case.code,
                "kind": kind,
                "side": side[case.pk],
                "records": counts.get((case.pk, kind), 0) if side[case.pk] == Side.VICTIM else None,
            }
            for case, kind in due
        ]
    return items


def handled_here(item: dict[str, Any]) -> bool:
    """Whether the report applies this item (its organisation is on the victim side)."""
    return item.get("side", Side.VICTIM) == Side.VICTIM


def left_to_victim_side(report: RetentionReport) -> tuple[list[str], list[str]]:
    """(case codes, sides taken there) of the report's cases whose retention the report's
    organisation does not handle: codes only, never counts."""
    items = [item for item in report.items if not handled_here(item)]
    return sorted({i["code"] for i in items}), sorted({i["side"] for i in items})


def prepare_report(
    *, actor: Any, organisation: Organisation | None, today: datetime.date | None = None
) -> RetentionReport:
    """A dry run: list what would be anonymised, change no case data. Side effects: earlier
    proposed reports of the organisation are superseded; audit row `retention.dry_run`."""
    today = today or timezone.localdate()
    organisation_ids = [organisation.pk] if organisation else None
    with transaction.atomic():
        RetentionReport.objects.filter(
            organisation=organisation, status=ReportStatus.PROPOSED
        ).update(status=ReportStatus.SUPERSEDED)
        report = RetentionReport.objects.create(
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            organisation=organisation,
            items=due_items(organisation_ids, today),
        )
        audit.record(
            actor=actor,
            action="retention.dry_run",
            obj=report,
            organisation_id=organisation.pk if organisation else None,
            fields=["case_codes", "record_counts"],
        )
    return report


def _round_to_month(day: datetime.date | None) -> datetime.date | None:
    return day.replace(day=1) if day else None


def _anonymise_people(case: JointCase) -> list[str]:
    from asap.cases.models import (
        ChildAssessmentPreparation,
        Person,
        PersonNamePart,
        ProtectedDetail,
    )

    with named_scope("retention"):
        ProtectedDetail.objects.filter(case=case).delete()
        PersonNamePart.objects.filter(case=case).delete()
        update_rows(Person.objects.filter(case=case), name="", name_index="")
        update_rows(
            ChildAssessmentPreparation.objects.filter(case=case),
            gender_and_needs="",
            support_person="",
        )
    dates = ["programme_start", "intervention_start", "programme_end", "follow_up_date"]
    update_rows(
        JointCase.objects.filter(pk=case.pk),
        **{name: _round_to_month(getattr(case, name)) for name in dates},
    )
    return ["person.name", "protecteddetail", "childassessmentpreparation", "case.dates"]


def _clear(case: JointCase, kind: str) -> list[str]:
    """Overwrite every encrypted field of the kind's models; keep answers that are figures."""
    cleared = []
    for case_model in models_of(kind):
        if not case_model.encrypted:
            continue
        rows = case_model.rows(case)
        if case_model.key == ("instruments", "answer"):
            free_text = _free_text_items(case)
            for pk, administration_id, item, value in rows.values_list(
                "pk", "administration_id", "item", "value"
            ):
                kind_of_item = free_text.get(administration_id, {}).get(item)
                if kind_of_item or (kind_of_item is None and not keeps_figure(value)):
                    update_rows(rows.filter(pk=pk), value='""')
                else:
                    # A figure stays for the evaluation: moved off the case's keys (which
                    # go at the end of retention) to the master keys. It names no one.
                    update_rows(rows.filter(pk=pk), value=value)
        elif case_model.key == ("cases", "timelineentry"):
            update_rows(rows.filter(kind=EntryKind.NOTE), title="")
            update_rows(rows, body="")
        else:
            update_rows(rows, **{f: case_model.empty_value(f) for f in case_model.encrypted})
        cleared += [f"{case_model.key[1]}.{f}" for f in case_model.encrypted]
    if kind == RecordKind.EPISODES:
        _round_episode_dates(case)
    return cleared


def _free_text_items(case: JointCase) -> dict[int, dict[str, bool]]:
    """Per administration of the case, whether each item of its definition is free text
    (text or date: cleared) or a figure (kept). An unknown definition gives nothing: the
    stored value then decides (`keeps_figure`)."""
    from asap.instruments.models import Administration
    from asap.instruments.services import definition_of

    found: dict[int, dict[str, bool]] = {}
    with named_scope("retention"):
        administrations = list(Administration.objects.filter(case=case))
    for administration in administrations:
        try:
            definition = definition_of(administration)
        except (LookupError, ValueError, ObjectDoesNotExist):
            continue
        found[administration.pk] = {
            item.key: item.type in FREE_TEXT_TYPES for item in definition.items
        }
    return found


def _round_episode_dates(case: JointCase) -> None:
    from asap.episodes.models import Episode

    with named_scope("retention"):
        for episode in Episode.objects.filter(case=case).only("pk", "date_from", "date_to"):
            update_rows(
                Episode.objects.filter(pk=episode.pk),
                date_from=_round_to_month(episode.date_from),
                date_to=_round_to_month(episode.date_to),
            )


ANONYMISERS: dict[str, Callable[[JointCase], list[str]]] = {
    RecordKind.PEOPLE: _anonymise_people,
}


def _destroy_keys(case: JointCase, kind: str) -> list[str]:
    """The people's keys go with their names; every key of the case goes once each kind of
    record has been anonymised (the end of its retention): what stays is structure and
    dates. The case's kept PDFs go with any kind. The names of the keys destroyed, for the
    audit row."""
    if set(RecordKind.values) <= set(
        Anonymisation.objects.filter(case_id=case.pk).values_list("kind", flat=True)
    ):
        destroyed = datakeys.destroy_all(case.pk, "end of retention")
    elif kind == RecordKind.PEOPLE:
        subjects = DataKey.objects.filter(
            case_id=case.pk, subject__startswith="person:", destroyed_at__isnull=True
        ).values_list("subject", flat=True)
        destroyed = datakeys.destroy(case.pk, list(subjects), "retention: people")
    else:  # the cleared records may be in a kept PDF (asap.core.rendered): it goes too
        destroyed = datakeys.destroy(case.pk, [datakeys.RENDERED], f"retention: {kind}"[:100])
    return [f"key.{entry['subject']}" for entry in destroyed]


def anonymise(*, actor: Any, case: JointCase, kind: str, report: RetentionReport | None) -> None:
    """Anonymise one kind of record of one case. Side effects: an `Anonymisation` row and an
    audit row `case.anonymised` naming the fields, in one transaction."""
    with transaction.atomic(), named_scope("retention"):
        cleared = ANONYMISERS.get(kind, lambda c: _clear(c, kind))(case)
        Anonymisation.objects.create(case_id=case.pk, kind=kind, report=report)
        cleared += _destroy_keys(case, kind)
        audit.record(
            actor=actor,
            action="case.anonymised",
            obj=case,
            organisation_id=report.organisation_id if report else None,
            case_id=case.pk,
            fields=[f"{kind}:{name}" for name in cleared] or [kind],
        )


class ReportNotPending(Exception):  # noqa: N818  (reads as what happened)
    """The dry run was already applied or superseded: only one awaiting review is applied."""


def apply_report(
    *, actor: Any, report: RetentionReport, today: datetime.date | None = None
) -> list[dict[str, Any]]:
    """Anonymise the cases the dry run listed that are still due (none added). Side effects:
    the report is marked applied; audit rows `case.anonymised` and `retention.applied`.
    Raises `ReportNotPending` if the report was applied or superseded meanwhile."""
    today = today or timezone.localdate()
    with transaction.atomic():
        # Locked and read again: of two applies at once, the second finds it applied.
        report = RetentionReport.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.PROPOSED:
            raise ReportNotPending
        organisation_ids = [report.organisation_id] if report.organisation_id else None
        still_due = {
            (i["case_id"], i["kind"]) for i in due_items(organisation_ids, today) if handled_here(i)
        }
        applied = [i for i in report.items if (i["case_id"], i["kind"]) in still_due]
        cases = JointCase.objects.in_bulk({i["case_id"] for i in applied})
        for item in applied:
            anonymise(actor=actor, case=cases[item["case_id"]], kind=item["kind"], report=report)
        report.status, report.applied_at = ReportStatus.APPLIED, timezone.now()
        report.applied_by = actor if getattr(actor, "is_authenticated", False) else None
        report.save(update_fields=["status", "applied_at", "applied_by"])
        audit.record(
            actor=actor,
            action="retention.applied",
            obj=report,
            organisation_id=report.organisation_id,
            fields=["case_codes", "record_counts"],
        )
    return applied


def case_counts(report: RetentionReport) -> list[dict[str, Any]]:
    """The report grouped by case: code and records per kind (for the review page)."""
    grouped: dict[str, dict[str, Any]] = {}
    for item in filter(handled_here, report.items):
        row = grouped.setdefault(item["code"], {"code": item["code"], "kinds": {}, "total": 0})
        row["kinds"][str(RecordKind(item["kind"]).label)] = item["records"]
        row["total"] += item["records"]
    return sorted(grouped.values(), key=lambda r: r["code"])
