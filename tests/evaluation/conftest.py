import csv
import io
import re

import openpyxl
import pytest
from django.test import Client

from asap.accounts.enums import Role
from asap.evaluation import services
from tests.conftest import sign_in
from tests.factories import OrganisationFactory, persona

TD = re.compile(r"<td[^>]*>(.*?)</td>", re.S)
TAG = re.compile(r"<[^>]+>")


@pytest.fixture
def agency():
    return OrganisationFactory(name="Agency under evaluation")


@pytest.fixture
def coordinator(agency):
    return persona(Role.COORDINATOR, agency)


@pytest.fixture
def coordinator_client(coordinator):
    client = Client()
    sign_in(client, coordinator)
    return client


@pytest.fixture
def network(agency, coordinator):
    """A network of the agency alone: its figures cross organisations' reports, so the
    five-case rule applies to them."""
    return services.create_network(
        actor=coordinator, organisation=agency, name="Pooled", description="", members=[]
    )


def xlsx_rows(response, sheet: int = 0) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return list(book.worksheets[sheet].iter_rows(values_only=True))


def cells(html: str) -> list[str]:
    """The text of every table cell of the figures."""
    return [TAG.sub("", c).strip() for c in TD.findall(html)]


def csv_values(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))[1:]


def xlsx_values(response) -> list[tuple]:
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[2] == ("Figure", "Row", "Column", "Value")
    return rows[3:]
