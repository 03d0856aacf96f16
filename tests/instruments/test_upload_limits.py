"""Uploads that cannot hurt: an alias bomb, a zip bomb and an oversized file are refused before
anything expands them, and no message quotes more than a short excerpt of the input."""

import io
import time
import zipfile

import openpyxl
import pytest

from asap.accounts.enums import Role
from asap.core.uploads import (
    EXCERPT,
    MAX_DEFINITION_BYTES,
    MAX_WORKBOOK_ENTRIES,
    MAX_WORKBOOK_UNCOMPRESSED,
    UploadRefusedError,
    check_zip,
    excerpt,
    quoted,
)
from asap.instruments import registry, xlsform
from asap.instruments.definition import DefinitionError, load_definition
from asap.instruments.xlsform import compile_xlsform
from tests.factories import OrganisationFactory, persona

SMALL = """
key: small
version: 1
title: Small
respondent: worker
sections:
  - key: main
    title: Main
    items:
      - {key: q1, text: A question}
"""

# "Billion laughs": nine aliases of the level above, nine levels deep (9^9 strings), 1 KiB.
BOMB = 'key: lol\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{level}: &{level} [{', '.join([f'*{previous}'] * 9)}]\n"
    for previous, level in zip("abcdefgh", "bcdefghi", strict=True)
)


def refused(text: str, source: str = "upload.yaml") -> DefinitionError:
    with pytest.raises(DefinitionError) as raised:
        load_definition(text, source)
    return raised.value


def test_an_alias_bomb_is_refused_at_its_first_alias_with_a_short_message():
    assert len(BOMB) < 2048
    started = time.perf_counter()
    error = refused(BOMB)
    print(f"alias bomb refused in {time.perf_counter() - started:.4f} s")
    assert error.where == "line 2"
    assert "anchors and aliases" in error.reason
    assert len(str(error)) < 160


def test_an_anchor_without_alias_and_a_merge_key_are_refused_too():
    assert "anchors and aliases" in refused(SMALL.replace("title: Small", "title: &t Small")).reason
    merge = SMALL + "extra: {<<: *t}\n"
    assert "anchors and aliases" in refused(merge.replace("title: Small", "title: &t Small")).reason


def test_deep_nesting_is_refused_not_a_recursion_error():
    assert "nested more than" in refused("a: " + "[" * 5000).reason


def test_values_python_cannot_build_are_refused_not_a_server_error():
    for value in ("9" * 5000, "2024-13-45"):
        error = refused(SMALL.replace("version: 1", f"version: {value}"))
        assert "cannot be read" in error.reason


def test_an_oversized_definition_is_refused_before_parsing_naming_the_limit():
    text = SMALL + "# " + "x" * MAX_DEFINITION_BYTES + "\n"
    error = refused(text)
    assert (error.where, error.reason) == ("file", "the definition is larger than 256 KiB")


def test_the_shipped_definitions_are_trusted_and_keep_their_anchors():
    # organisational-behaviour-v1.yaml shares its agreement options with an anchor
    assert ("organisational-behaviour", 1) in registry.shipped()
    path = registry.SHIPPED / "organisational-behaviour-v1.yaml"
    text = path.read_text(encoding="utf-8")
    with pytest.raises(DefinitionError, match="anchors and aliases"):
        load_definition(text, path.name)


@pytest.mark.parametrize(
    ("change", "where_or_reason"),
    [
        (("text: A question}", "text: A question, type: " + "t" * 5000 + "}"), "type"),
        (("{key: q1,", "{key: " + "k" * 5000 + ","), "key"),
        (("{key: q1,", "{key: q1, " + "f" * 1000 + ": 1,"), "unknown field"),
        (("{key: q1,", "{key: q1, weight: w" + "1" * 3000 + ","), "number"),
        (("{key: q1,", "{key: q1, weight: -" + "1" * 3000 + ","), "below"),
    ],
)
def test_a_message_quotes_at_most_a_short_excerpt_of_the_input(change, where_or_reason):
    error = refused(SMALL.replace(*change))
    message = str(error)
    assert where_or_reason in message
    assert len(message) < 2 * EXCERPT + 60, message
    assert "…" in message


def test_an_excerpt_is_one_line_and_cut_with_an_ellipsis():
    assert excerpt("short") == "short"
    assert excerpt("a\nb\t c") == "a b c"
    assert excerpt("x" * 500) == "x" * (EXCERPT - 1) + "…"
    assert quoted("x" * 500) == "'" + "x" * (EXCERPT - 2) + "…"
    assert len(quoted(10**5000)) <= EXCERPT  # more digits than Python converts


def workbook_bytes(*, extra: dict[str, bytes] | None = None) -> bytes:
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label"])
    survey.append(["integer", "age", "Age"])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "version", "form_title"])
    settings.append(["our_form", "1", "Our form"])
    buffer = io.BytesIO()
    book.save(buffer)
    if extra:
        with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, content in extra.items():
                archive.writestr(name, content)
    return buffer.getvalue()


@pytest.fixture
def pyxform_must_not_run(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(xlsform, "get_xlsform", refuse)


def test_a_zip_bomb_workbook_is_refused_before_parsing(pyxform_must_not_run):
    bomb = workbook_bytes(extra={"xl/worksheets/bomb.xml": b"\0" * (MAX_WORKBOOK_UNCOMPRESSED + 1)})
    assert len(bomb) < 100_000  # a few tens of kilobytes that would expand to 20 MiB
    with pytest.raises(DefinitionError) as raised:
        compile_xlsform(bomb, "bomb.xlsx")
    assert raised.value.reason == "The workbook is larger than 20 MiB once uncompressed."


def test_a_workbook_with_too_many_files_is_refused_before_parsing(pyxform_must_not_run):
    many = workbook_bytes(extra={f"xl/media/{n}.bin": b"" for n in range(MAX_WORKBOOK_ENTRIES)})
    with pytest.raises(DefinitionError) as raised:
        compile_xlsform(many, "many.xlsx")
    assert raised.value.reason == f"The workbook holds more than {MAX_WORKBOOK_ENTRIES} files."


def test_a_file_that_is_not_a_zip_or_uses_another_compression_is_refused(pyxform_must_not_run):
    with pytest.raises(UploadRefusedError, match=r"not an \.xlsx workbook"):
        check_zip(b"not a zip at all")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_BZIP2) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
    with pytest.raises(DefinitionError, match=r"not an \.xlsx workbook"):
        compile_xlsform(buffer.getvalue(), "bzip2.xlsx")


def test_an_ordinary_workbook_passes_the_limits():
    assert "key: our_form" in compile_xlsform(workbook_bytes(), "our_form.xlsx")


def test_an_xlsform_message_quotes_at_most_an_excerpt_of_a_name():
    book = openpyxl.Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(["type", "name", "label", "relevant"])
    survey.append(["integer", "a" + "b" * 3000, "Age", "${x} > 1"])
    settings = book.create_sheet("settings")
    settings.append(["form_id", "version"])
    settings.append(["f", "1"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(DefinitionError) as raised:
        compile_xlsform(buffer.getvalue(), "f.xlsx")
    assert "b" * EXCERPT not in str(raised.value)
    assert len(str(raised.value)) < 500


# The upload page


@pytest.fixture
def coordinator(db):
    return persona(Role.COORDINATOR, OrganisationFactory())


def upload(client, name: str, content: bytes):
    handle = io.BytesIO(content)
    handle.name = name
    return client.post("/instruments/", {"file": handle})


def test_the_page_refuses_an_oversized_yaml_naming_the_limit(coordinator, signed_in_client):
    text = (SMALL + "# " + "x" * MAX_DEFINITION_BYTES).encode()
    response = upload(signed_in_client(coordinator), "big.yaml", text)
    assert response.status_code == 400
    assert "The file is larger than 256 KiB." in response.content.decode()


def test_the_page_refuses_an_alias_bomb_with_a_short_message(coordinator, signed_in_client):
    response = upload(signed_in_client(coordinator), "bomb.yaml", BOMB.encode())
    assert response.status_code == 400
    assert "Refused: bomb.yaml, line 2: YAML anchors and aliases" in response.content.decode()


def test_the_page_quotes_an_excerpt_of_a_long_file_name(coordinator, signed_in_client):
    name = "n" * 200 + ".yaml"
    response = upload(signed_in_client(coordinator), name, b"key: [unclosed")
    body = response.content.decode()
    assert response.status_code == 400
    assert "Refused: " + "n" * (EXCERPT - 1) + "…, line" in body
    assert "n" * EXCERPT not in body
