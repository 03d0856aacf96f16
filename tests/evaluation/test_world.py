"""The world's coordinator reaches every evaluation page; the world's canaries reach none."""

import io

import openpyxl
import pytest

from tests.cases.world import build_world
from tests.evaluation.crawl import seeds
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_the_worlds_coordinator_reaches_every_evaluation_page_without_a_canary():
    world = build_world()
    client = world.client("coordinator")
    for url in seeds(world):
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response) if response.streaming else response.content
        if url.endswith(".xlsx"):
            book = openpyxl.load_workbook(io.BytesIO(body))
            text = "\n".join(
                str(v)
                for sheet in book.worksheets
                for row in sheet.iter_rows(values_only=True)
                for v in row
            )
        elif url.endswith(".pdf"):
            text = pdf_text(body)
        else:
            text = body.decode()
        assert [name for name, value in world.canaries.items() if value in text] == [], url
        assert world.case.code not in text, url
