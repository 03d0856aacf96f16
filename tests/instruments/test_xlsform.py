"""XLSForm import: the supported subset compiles to a definition; the rest is refused by name."""

import openpyxl
import pytest

from asap.instruments.definition import DefinitionError, load_definition
from asap.instruments.xlsform import compile_xlsform

SURVEY_HEADER = ["type", "name", "label::English (en)", "label::Italiano (it)", "hint", "required"]
CHOICES = [
    ["list_name", "name", "label::English (en)", "label::Italiano (it)", "score"],
    ["yn", "yes", "Yes", "Sì", None],
    ["yn", "no", "No", "No", None],
    ["severity", "none", "None", "Nessuna", 0],
    ["severity", "some", "Some", "Qualche", 1],
    ["severity", "severe", "Severe", "Grave", 2.5],
]
SETTINGS = [
    ["form_id", "version", "form_title", "respondent"],
    ["Safety-Plan", 3, "Safety plan", "victim"],
]


def workbook(tmp_path, survey, choices=CHOICES, settings=SETTINGS, name="form.xlsx"):
    """An .xlsx built from rows (the first row of each sheet is its header); its bytes."""
    book = openpyxl.Workbook()
    for title, rows in (("survey", survey), ("choices", choices), ("settings", settings)):
        if rows is None:
            continue
        sheet = book.active if title == "survey" else book.create_sheet(title)
        sheet.title = title
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path.read_bytes()


def simple(extra_header, extra_values):
    """A one-question survey with extra columns on the question row."""
    return [
        ["type", "name", "label", *extra_header],
        ["integer", "children", "How many children?", *extra_values],
        ["text", "notes", "Notes", *[None] * len(extra_header)],
    ]


def refusal(tmp_path, survey, **kwargs) -> DefinitionError:
    with pytest.raises(DefinitionError) as raised:
        compile_xlsform(workbook(tmp_path, survey, **kwargs), "form.xlsx")
    return raised.value


def test_a_supported_form_compiles_to_a_definition_that_loads(tmp_path):
    survey = [
        [*SURVEY_HEADER, "parameters"],
        ["note", "intro", "Please answer", "Rispondi", None, None, None],
        ["begin_group", "violence", "Violence", "Violenza", None, None, None],
        ["select_one yn", "threats", "Threats?", "Minacce?", "In the last month", "yes", None],
        ["select_one severity", "injuries", "Injuries", "Lesioni", None, None, None],
        ["select_multiple severity", "kinds", "Kinds", "Tipi", None, None, None],
        ["end_group", None, None, None, None, None, None],
        ["begin_group", "context", "Context", "Contesto", None, None, None],
        ["integer", "children", "Children", "Figli", None, None, None],
        ["date", "since", "Since", "Da quando", None, None, None],
        ["text", "notes", "Notes", "Note", None, None, None],
        ["range", "fear", "Fear", "Paura", None, None, "start=0 end=5"],
        ["end_group", None, None, None, None, None, None],
    ]
    text = compile_xlsform(workbook(tmp_path, survey), "form.xlsx")
    definition = load_definition(text, "form.xlsx")

    assert (definition.key, definition.version) == ("safety-plan", 3)
    assert definition.respondent == "victim"
    assert definition.label("en") == "Safety plan"
    assert [s.key for s in definition.sections] == ["violence", "context"]
    assert definition.sections[1].title == {"en": "Context", "it": "Contesto"}
    types = {item.key: item.type for item in definition.items}
    assert types == {
        "threats": "yes_no_unknown",
        "injuries": "single",
        "kinds": "multiple",
        "children": "number",
        "since": "date",
        "notes": "text",
        "fear": "scale",
    }
    threats = definition.item("threats")
    assert threats.text == {"en": "Threats?", "it": "Minacce?"}
    assert threats.required
    assert threats.help == {"en": "In the last month"}
    assert threats.label("it") == "Minacce?"
    injuries = definition.item("injuries")
    assert [(o.key, o.score) for o in injuries.options] == [
        ("none", 0),
        ("some", 1),
        ("severe", 2.5),
    ]
    assert injuries.options[2].text == {"en": "Severe", "it": "Grave"}
    assert not injuries.required
    assert injuries.value("severe") == 2.5
    assert definition.item("kinds").value(["some", "severe"]) == 3.5
    fear = definition.item("fear")
    assert (fear.minimum, fear.maximum) == (0, 5)


def test_questions_outside_groups_go_to_main_and_defaults_apply(tmp_path):
    survey = [
        ["type", "name", "label", "label::it"],
        ["select_one ynu", "weapon", "Weapon?", "Arma?"],
        ["decimal", "income", "Income", "Reddito"],
    ]
    choices = [
        ["list_name", "name", "label"],
        ["ynu", "yes", "Yes"],
        ["ynu", "no", "No"],
        ["ynu", "dont_know", "Don't know"],
    ]
    settings = [["form_id", "version"], ["intake", "2"]]
    text = compile_xlsform(workbook(tmp_path, survey, choices, settings), "intake.xlsx")
    definition = load_definition(text, "intake.xlsx")
    assert definition.respondent == "worker"
    assert [s.key for s in definition.sections] == ["main"]
    assert definition.item("weapon").type == "yes_no_unknown"
    assert definition.item("weapon").text == {"en": "Weapon?", "it": "Arma?"}
    assert definition.item("income").type == "number"


def test_skip_logic_is_refused_by_name(tmp_path):
    error = refusal(tmp_path, simple(["relevant"], ["${notes} != ''"]))
    assert error.source == "form.xlsx"
    assert error.where == "question children"
    assert "relevant" in error.reason
    assert "unsupported XLSForm feature" in str(error)


def test_a_repeat_group_is_refused_by_name(tmp_path):
    survey = [
        ["type", "name", "label"],
        ["begin_repeat", "children", "Each child"],
        ["text", "child_name", "Name"],
        ["end_repeat", None, None],
    ]
    error = refusal(tmp_path, survey)
    assert "repeat" in error.reason
    assert error.where == "group children"


def test_a_nested_group_is_refused(tmp_path):
    survey = [
        ["type", "name", "label"],
        ["begin_group", "outer", "Outer"],
        ["begin_group", "inner", "Inner"],
        ["text", "notes", "Notes"],
        ["end_group", None, None],
        ["end_group", None, None],
    ]
    assert "nested group" in refusal(tmp_path, survey).reason


@pytest.mark.parametrize(
    ("header", "value", "feature"),
    [
        (["constraint"], [". < 20"], "constraint"),
        (["appearance"], ["numbers"], "appearance"),
        (["default"], ["2"], "default"),
        (["required"], ["${notes} = ''"], "required (a condition)"),
    ],
)
def test_other_question_features_are_refused_by_name(tmp_path, header, value, feature):
    assert feature in refusal(tmp_path, simple(header, value)).reason


@pytest.mark.parametrize(
    ("question", "feature"),
    [
        (["select_one severity or_other", "q", "Q", None], "or_other"),
        (["select_one_from_file places.csv", "q", "Q", None], "select_one_from_file"),
        (["select_one severity", "q", "Q", "randomize=true"], "parameters (randomize)"),
        (["range", "q", "Q", "start=0 end=10 step=2"], "range step"),
        (["image", "q", "Q", None], "question type image"),
    ],
)
def test_unsupported_selects_and_types_are_refused_by_name(tmp_path, question, feature):
    survey = [["type", "name", "label", "parameters"], question]
    assert feature in refusal(tmp_path, survey).reason


def test_the_first_unsupported_feature_is_named(tmp_path):
    survey = [
        ["type", "name", "label", "calculation"],
        ["geopoint", "where", "Where?", None],
        ["calculate", "total", None, "1 + 1"],
    ]
    error = refusal(tmp_path, survey)
    assert error.reason == "unsupported XLSForm feature: question type geopoint"


def test_missing_or_bad_version_is_refused(tmp_path):
    error = refusal(tmp_path, simple([], []), settings=[["form_id"], ["intake"]])
    assert error.where == "settings, version"
    assert "missing" in error.reason
    bad = refusal(tmp_path, simple([], []), settings=[["form_id", "version"], ["x", "v1"]])
    assert bad.where == "settings, version"


def test_an_unknown_respondent_is_refused(tmp_path):
    settings = [["form_id", "version", "respondent"], ["intake", 1, "neighbour"]]
    assert refusal(tmp_path, simple([], []), settings=settings).where == "settings, respondent"


def test_a_workbook_pyxform_refuses_fails_with_its_message(tmp_path):
    survey = [["type", "name", "label"], ["select_one missing", "q", "Q"]]
    error = refusal(tmp_path, survey, choices=None)
    assert error.where == "workbook"
    assert "choices" in error.reason


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(DefinitionError) as raised:
        compile_xlsform(b"not a spreadsheet", "form.xlsx")
    assert raised.value.where == "workbook"
