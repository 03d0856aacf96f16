"""Importing an existing caseload: all or nothing, every error named by row and column, both
file formats, the limits, and only a programme's or a support service's coordinator."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from asap.accounts.enums import OrganisationKind, Role
from asap.cases.caseload import COLUMNS, MAX_ROWS
from asap.cases.enums import EntryKind, PersonRole
from asap.cases.models import CaseMember, JointCase, Person, TimelineEntry
from asap.core.models import AuditEvent
from asap.core.scopes import named_scope
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, persona

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return OrganisationFactory(kind=OrganisationKind.PERPETRATOR_PROGRAMME, name="Programme")


@pytest.fixture
def workers(programme):
    return [persona(Role.CASE_WORKER, programme), persona(Role.PARTNER_CONTACT, programme)]


@pytest.fixture
def coordinator(programme):
    client = Client()
    sign_in(client, persona(Role.COORDINATOR, programme))
    return client


def row(people, n: int, **values) -> dict[str, str]:
    return {
        "reference": f"OLD-{n}",
        "man_name": f"Mario Rossi {n}",
        "woman_name": f"Anna-Maria Rossi {n}",
        "children": "Luca | Sara",
        "phase": "intervention",
        "risk_level": "High",
        "programme_start": "2025-01-13",
        "intervention_start": "2025-02-03",
        "workers": f"{people[0].email} {people[1].email}",
    } | values


def as_csv(rows: list[dict[str, str]], delimiter: str = ",", bom: bool = False) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


def as_xlsx(rows: list[dict[str, object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(COLUMNS))
    for values in rows:
        sheet.append([values.get(c) for c in COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, name: str = "caseload.csv"):
    return client.post(reverse("cases:import"), {"file": SimpleUploadedFile(name, content)})


def errors_of(response) -> str:
    assert response.status_code == 400
    assert "Nothing was imported" in response.content.decode()
    return response.content.decode()


@pytest.mark.parametrize(("delimiter", "bom"), [(",", False), (";", True)])
def test_a_good_csv_opens_every_case_with_its_workers_and_children(
    coordinator, workers, delimiter, bom
):
    rows = [row(workers, n) for n in range(3)]
    response = upload(coordinator, as_csv(rows, delimiter, bom))
    assert response.status_code == 200, response.content.decode()[:2000]
    page = response.content.decode()
    assert "OLD-2" in page  # the references shown once, next to the new codes
    cases = list(JointCase.objects.order_by("pk"))
    assert len(cases) == 3
    assert {(c.phase, c.risk_level, str(c.programme_start)) for c in cases} == {
        ("intervention", "high", "2025-01-13")
    }
    for case in cases:
        assert case.code in page
        members = {(m.user_id, m.is_lead) for m in CaseMember.objects.filter(case=case)}
        assert members == {(workers[0].pk, True), (workers[1].pk, False)}
    with named_scope("test"):
        names = sorted(
            Person.objects.filter(case=cases[0], role=PersonRole.CHILD).values_list(
                "name", flat=True
            )
        )
        assert names == ["Luca", "Sara"]
        imported = TimelineEntry.objects.filter(kind=EntryKind.CASE_IMPORTED).count()
    assert imported == 3
    assert AuditEvent.objects.filter(action="case.import").count() == 3
    assert "OLD-" not in str(list(AuditEvent.objects.values_list("fields", flat=True)))


def test_a_good_xlsx_imports_with_date_cells(coordinator, workers):
    import datetime

    rows = [row(workers, n, children="2") for n in range(2)]
    rows[1]["programme_start"] = datetime.datetime(2024, 5, 6)
    rows[1]["intervention_start"] = ""
    response = upload(coordinator, as_xlsx(rows), "caseload.xlsx")
    assert response.status_code == 200, response.content.decode()[:2000]
    assert sorted(str(d) for d in JointCase.objects.values_list("programme_start", flat=True)) == [
        "2024-05-06",
        "2025-01-13",
    ]
    with named_scope("test"):
        assert Person.objects.filter(role=PersonRole.CHILD).count() == 4


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("programme_start", "13/01/2025", "is not a date written YYYY-MM-DD"),
        ("intervention_start", "2025-02-30", "is not a date written YYYY-MM-DD"),
        ("intervention_start", "2024-12-01", "cannot start before the programme"),
        ("workers", "nobody@example.org", "is not an active member of your organisation"),
        ("phase", "somewhere", "is not one of"),
        ("man_name", "", "This cell is empty"),
        ("man_name", "=HYPERLINK(1)", "formula character"),
        ("children", "21", "At most 20 children"),
    ],
)
def test_one_bad_cell_anywhere_imports_nothing_and_names_row_and_column(
    coordinator, workers, column, value, reason
):
    rows = [row(workers, n) for n in range(4)]
    rows[2][column] = value
    page = errors_of(upload(coordinator, as_csv(rows)))
    assert f"Row 4, column {column}: " in page
    assert reason in page
    assert JointCase.objects.count() == 0


def test_a_worker_of_another_organisation_is_unknown(coordinator, workers):
    outsider = persona(Role.CASE_WORKER, OrganisationFactory(name="Elsewhere"))
    page = errors_of(upload(coordinator, as_csv([row(workers, 1, workers=outsider.email)])))
    assert "Row 2, column workers: " in page
    assert JointCase.objects.count() == 0


def test_a_long_bad_value_is_quoted_short(coordinator, workers):
    long = "x" * 150 + "@example.org"
    page = errors_of(upload(coordinator, as_csv([row(workers, 1, workers=long)])))
    assert "x" * 80 not in page
    assert "x" * 79 + "…" in page


def test_more_rows_than_the_limit_imports_nothing(coordinator, workers):
    rows = [row(workers, n, children="", woman_name="") for n in range(MAX_ROWS + 1)]
    page = errors_of(upload(coordinator, as_csv(rows)))
    assert f"Row {MAX_ROWS + 2}: More than {MAX_ROWS} rows." in page
    assert JointCase.objects.count() == 0


def test_a_file_missing_a_column_or_not_a_workbook_is_refused(coordinator, workers):
    page = errors_of(upload(coordinator, b"man_name,phase\nMario,intervention\n"))
    assert "workers" in page
    page = errors_of(upload(coordinator, b"not a zip", "caseload.xlsx"))
    assert "not an .xlsx workbook" in page
    assert upload(coordinator, b"x", "caseload.txt").status_code == 400
    assert JointCase.objects.count() == 0


def test_the_templates_hold_the_header_and_an_example_row(coordinator):
    response = coordinator.get(reverse("cases:import_template_csv"))
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0] == list(COLUMNS)
    assert len(lines) == 2
    response = coordinator.get(reverse("cases:import_template_xlsx"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert list(rows[0]) == list(COLUMNS)
    assert rows[1][1] == "Mario Rossi"


def test_only_a_programmes_or_a_services_coordinator_imports(programme, workers):
    content = as_csv([row(workers, 1)])
    for user in [
        workers[0],
        persona(Role.ADMINISTRATOR, programme),
        persona(Role.DATA_PROTECTION_OFFICER, programme),
        persona(Role.COORDINATOR, OrganisationFactory(kind=OrganisationKind.POLICE)),
    ]:
        client = Client()
        sign_in(client, user)
        assert client.get(reverse("cases:import")).status_code in {403, 404}
        assert upload(client, content).status_code in {403, 404}
        assert client.get(reverse("cases:import_template_csv")).status_code in {403, 404}
    assert JointCase.objects.count() == 0


def test_the_case_list_links_the_import_for_those_who_may_import(programme, workers, coordinator):
    link = reverse("cases:import")
    assert f'href="{link}"' in coordinator.get(reverse("cases:list")).content.decode()
    for user in [
        workers[0],
        persona(Role.COORDINATOR, OrganisationFactory(kind=OrganisationKind.POLICE)),
    ]:
        client = Client()
        sign_in(client, user)
        response = client.get(reverse("cases:list"))
        assert response.status_code == 200
        assert f'href="{link}"' not in response.content.decode()


def test_a_support_services_import_needs_her_name_not_his():
    """As when a worker opens a case: the name the importing side needs is the one required."""
    shelter = OrganisationFactory(kind=OrganisationKind.VICTIM_SUPPORT_SERVICE, name="Shelter")
    people = [persona(Role.CASE_WORKER, shelter), persona(Role.CASE_WORKER, shelter)]
    client = Client()
    sign_in(client, persona(Role.COORDINATOR, shelter))
    page = errors_of(upload(client, as_csv([row(people, 1, woman_name="")])))
    assert "Row 2, column woman_name: " in page
    assert JointCase.objects.count() == 0
    upload(client, as_csv([row(people, 1, man_name="")]))
    case = JointCase.objects.get()
    with named_scope("test"):
        names = {p.role: p.name for p in Person.objects.filter(case=case)}
    assert (names[PersonRole.VICTIM], names[PersonRole.PERPETRATOR]) == ("Anna-Maria Rossi 1", "")
