"""Import an XLSForm (ODK's survey/choices/settings workbook) as an instrument definition.

pyxform reads the workbook and applies its own checks (a workbook it refuses fails with its
message); the supported subset is then compiled to our YAML format (docs/instruments.md) and
validated by `load_definition`. The first unsupported feature met, in form order, is refused
by name: "unsupported XLSForm feature: relevant (skip logic)".

Supported:
- settings: form_id → key (lower-cased, only a-z 0-9 _ . -; the file name when missing),
  version → version (a whole number, required), form_title → title, and our own column
  `respondent` (perpetrator, victim, worker, organisation, trainee; default worker). Other
  settings columns (style, instance_name, …) do not change the questions and are ignored.
- begin_group/end_group → a section (name → key, label → title, the name when unlabelled).
  Questions outside any group go to a section "main", placed where the first of them is.
- select_one LIST → single; a list whose names are exactly yes/no, yes/no/dont_know or
  yes/no/unknown → yes_no_unknown. select_multiple LIST → multiple. Options come from the
  choices sheet, with the numeric choices column `score` as the option's score (else 0);
  other choices columns are ignored, except media (refused).
- integer, decimal → number; date → date; text → text; range → scale (start → min,
  end → max; the step must be 1).
- label / hint (→ help), plain or per language: `label::English (en)`, `label::it`,
  `label::Italiano`; a label without language is English. required yes/true → required.
- note rows carry no answer and are skipped (a group holding only notes makes no section).

Unsupported (refused): nested groups, repeat groups, relevant, constraint, calculation,
calculate and every other question type (geopoint, image, audio, barcode, start, rank, …),
select_one_from_file / external selects, or_other, choice_filter, default, trigger,
appearance, media, parameters other than a range's, conditional required, entities.

Before pyxform reads anything, the workbook is checked against the upload limits
(asap.core.uploads): at most MAX_WORKBOOK_BYTES as uploaded, and, from the zip's directory
alone, at most MAX_WORKBOOK_ENTRIES files holding MAX_WORKBOOK_UNCOMPRESSED once uncompressed
(a zip bomb is refused unread). A message quotes at most a short excerpt of the workbook.
"""

import re
from pathlib import PurePath
from typing import Any

import yaml
from django.utils.translation import gettext as _
from pyxform.errors import PyXFormError
from pyxform.xls2json import workbook_to_json
from pyxform.xls2json_backends import get_xlsform

from asap.core.uploads import (
    EXCERPT,
    MAX_WORKBOOK_BYTES,
    UploadRefusedError,
    check_zip,
    excerpt,
    quoted,
    size_label,
)

from .definition import RESPONDENTS, DefinitionError, load_definition

_FEATURES = {  # how a refused pyxform field is named in the error
    "relevant": "relevant (skip logic)",
    "constraint": "constraint (validation)",
    "calculate": "calculation",
    "choice_filter": "choice_filter (cascading selects)",
    "trigger": "trigger",
    "default": "default",
    "media": "media (image, audio or video)",
    "appearance": "appearance",
    "readonly": "read_only",
    "jr:constraintMsg": "constraint_message",
    "jr:requiredMsg": "required_message",
}
_LANGUAGES = {"english": "en", "italian": "it", "italiano": "it", "bulgarian": "bg"}
_LANGUAGES |= {"greek": "el", "default": "en"}
_YES_NO = ({"yes", "no"}, {"yes", "no", "dont_know"}, {"yes", "no", "unknown"})
_TYPES = {"integer": "number", "decimal": "number", "date": "date", "text": "text"}
_TRUE, _FALSE = {"yes", "true", "true()", "1"}, {"no", "false", "false()", "0", ""}


_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")
_PYXFORM_MESSAGE = 400  # characters of pyxform's own message (its quotes of the input: EXCERPT)


class _NoAliases(yaml.SafeDumper):
    """Writes a repeated object out again rather than as an anchor and alias, which
    load_definition refuses in an upload."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _unsupported(source: str, where: str, feature: str) -> DefinitionError:
    return DefinitionError(source, where, f"unsupported XLSForm feature: {excerpt(feature)}")


def _pyxform_message(error: Exception) -> str:
    """pyxform's message, with each quoted piece of the workbook cut to an excerpt."""

    def cut(match: re.Match) -> str:
        quote = match.group(0)[0]
        inner = match.group(1) if match.group(1) is not None else match.group(2)
        return f"{quote}{excerpt(inner)}{quote}" if len(inner) > EXCERPT else match.group(0)

    return excerpt(_QUOTED.sub(cut, str(error)), _PYXFORM_MESSAGE)


def check_workbook(content: bytes, file_name: str) -> None:
    """Refuse a workbook over the upload limits before anything parses it."""
    if len(content) > MAX_WORKBOOK_BYTES:
        reason = _("the workbook is larger than %(limit)s") % {
            "limit": size_label(MAX_WORKBOOK_BYTES)
        }
        raise DefinitionError(file_name, "workbook", reason)
    try:
        check_zip(content)
    except UploadRefusedError as refused:
        raise DefinitionError(file_name, "workbook", str(refused)) from None


def _read(content: bytes, file_name: str) -> tuple[dict, Any]:
    """pyxform's JSON form and its raw workbook; a workbook pyxform refuses fails here."""
    check_workbook(content, file_name)
    suffix = PurePath(file_name).suffix.lower()
    file_type = suffix if suffix in (".xlsx", ".xlsm", ".xls") else None
    try:
        workbook = get_xlsform(content, file_type=file_type)
        return workbook_to_json(workbook, warnings=[]), workbook
    except PyXFormError as error:
        raise DefinitionError(file_name, "workbook", _pyxform_message(error)) from None


def _text(value: Any, source: str, where: str) -> dict[str, str]:
    """A pyxform label or hint (text, or language → text) as our translations."""
    if not value:
        return {}
    if isinstance(value, str):
        return {"en": value}
    texts: dict[str, str] = {}
    for language, text in value.items():
        code = re.search(r"\(([^()]+)\)\s*$", language)
        if code:
            code = code.group(1).strip().lower()
        elif re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]+)?", language.strip().lower()):
            code = language.strip().lower()
        else:
            code = _LANGUAGES.get(language.strip().lower())
        if not code:
            shown = excerpt(language, 40)
            reason = f"language {quoted(shown)} needs a code, e.g. label::{shown} (xx)"
            raise DefinitionError(source, where, reason)
        if text and (code not in texts or language != "default"):
            texts[code] = text
    return dict(sorted(texts.items(), key=lambda kv: kv[0] != "en"))


def _settings(workbook: Any, file_name: str) -> dict:
    settings = (workbook.settings or [{}])[0]
    version = str(settings.get("version") or "").strip()
    if not version.isdigit():
        reason = f"needs a whole number (found {quoted(version)})" if version else "is missing"
        raise DefinitionError(file_name, "settings, version", reason)
    raw_key = settings.get("form_id") or PurePath(file_name).stem
    key = re.sub(r"[^a-z0-9_.-]", "", raw_key.lower()).lstrip("_.-")
    if not key:
        reason = f"{quoted(raw_key)} makes no key"
        raise DefinitionError(file_name, "settings, form_id", reason)
    respondent = (settings.get("respondent") or "worker").strip().lower()
    if respondent not in RESPONDENTS:
        reason = f"must be one of {', '.join(RESPONDENTS)}"
        raise DefinitionError(file_name, "settings, respondent", reason)
    title = settings.get("form_title") or settings.get("form_id") or PurePath(file_name).stem
    return {"key": key, "version": int(version), "title": {"en": title}, "respondent": respondent}


def _number(value: Any, source: str, where: str) -> int | float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise DefinitionError(source, where, f"{quoted(value)} is not a number") from None
    return int(number) if number.is_integer() else number


def _check_fields(node: dict, allowed: set[str], source: str, where: str, params=()) -> None:
    """Refuse the first field of a question or group that we do not compile (`params`: the
    parameters, and controls, that a range takes)."""
    for field, value in node.items():
        if field == "bind":
            for rule, expression in value.items():
                required = rule == "required" and expression.strip().lower() in _TRUE | _FALSE
                if not required:
                    name = "required (a condition)" if rule == "required" else rule
                    raise _unsupported(source, where, _FEATURES.get(rule, name))
        elif field == "control":
            for name in value:
                if name not in params:
                    raise _unsupported(source, where, _FEATURES.get(name, name))
        elif field == "parameters":
            extra = sorted(set(value) - set(params))
            if extra:
                raise _unsupported(source, where, f"parameters ({', '.join(extra)})")
        elif field not in allowed:
            raise _unsupported(source, where, _FEATURES.get(field, field))


def _options(question: dict, source: str, where: str) -> list[dict]:
    options = []
    for choice in question["choices"]:
        if "media" in choice:
            choice_where = f"{where}, choice {excerpt(choice['name'])}"
            raise _unsupported(source, choice_where, "choice media")
        option = {"key": choice["name"], "text": _text(choice.get("label"), source, where)}
        score_where = f"{where}, choice {excerpt(choice['name'])}"
        score = _number(choice.get("score") or 0, source, score_where)
        options.append(option | ({"score": score} if score else {}))
    return options


def _item(question: dict, raw_type: str, source: str) -> dict | None:
    """One question as an item; None for a note."""
    name, kind = question["name"], question["type"]
    where = f"question {excerpt(name)}"
    base = {"type", "name", "label", "hint", "bind"}
    if kind == "note":
        return None
    if "or_other" in raw_type.split():
        raise _unsupported(source, where, "or_other")
    if kind in ("select one", "select all that apply"):
        _check_fields(
            question, base | {"parameters", "itemset", "list_name", "choices"}, source, where
        )
        if "choices" not in question:  # select_one_from_file, select_one_external, …
            raise _unsupported(source, where, raw_type.split()[0])
        names = {choice["name"] for choice in question["choices"]}
        if kind == "select one" and names in _YES_NO:
            item = {"type": "yes_no_unknown"}
        else:
            options = _options(question, source, where)
            item = {"type": "single" if kind == "select one" else "multiple", "options": options}
    elif kind == "range":
        allowed = base | {"parameters", "control"}
        _check_fields(question, allowed, source, where, ("start", "end", "step"))
        parameters = question.get("parameters") or {}
        if _number(parameters.get("step", 1), source, where) != 1:
            raise _unsupported(source, where, "range step other than 1")
        item = {"type": "scale", "min": _number(parameters.get("start", 1), source, where)}
        item["max"] = _number(parameters.get("end", 10), source, where)
    elif kind in _TYPES:
        _check_fields(question, base, source, where)
        item = {"type": _TYPES[kind]}
    else:
        raise _unsupported(source, where, f"question type {raw_type.split()[0] or kind}")
    text = {"key": name, "text": _text(question.get("label"), source, f"{where}, label")}
    item = text | item
    if (question.get("bind") or {}).get("required", "").strip().lower() in _TRUE:
        item["required"] = True
    help_text = _text(question.get("hint"), source, f"{where}, hint")
    return item | ({"help": help_text} if help_text else {})


def compile_xlsform(content: bytes, file_name: str) -> str:
    """Compile an XLSForm workbook to our YAML definition, validated by load_definition.

    Raises DefinitionError naming the file, the place (question, group, settings) and the
    reason, e.g. "unsupported XLSForm feature: repeat group".
    """
    form, workbook = _read(content, file_name)
    if workbook.entities:
        raise _unsupported(file_name, "entities", "entities sheet")
    definition = _settings(workbook, file_name)
    raw_types = {row.get("name"): row.get("type", "") for row in workbook.survey or []}
    sections: list[dict] = []
    main: dict | None = None
    for node in form.get("children", []):
        kind, name = node["type"], node["name"]
        if kind == "group" and name == "meta" and (node.get("control") or {}).get("bodyless"):
            continue  # pyxform's own instanceID, not a question
        if kind == "repeat":
            raise _unsupported(file_name, f"group {excerpt(name)}", "repeat group")
        if kind != "group":
            item = _item(node, raw_types.get(name, kind), file_name)
            if item and main is None:
                main = {"key": "main", "title": dict(definition["title"]), "items": []}
                sections.append(main)
            if item:
                main["items"].append(item)
            continue
        where = f"group {excerpt(name)}"
        _check_fields(node, {"type", "name", "label", "children"}, file_name, where)
        section = {"key": name, "title": _text(node.get("label"), file_name, where)}
        section["title"] = section["title"] or {"en": name}
        section["items"] = []
        for child in node.get("children", []):
            if child["type"] in ("group", "repeat"):
                feature = "repeat group" if child["type"] == "repeat" else "nested group"
                raise _unsupported(file_name, f"group {excerpt(child['name'])}", feature)
            item = _item(child, raw_types.get(child["name"], child["type"]), file_name)
            if item:
                section["items"].append(item)
        if section["items"]:
            sections.append(section)
    text = yaml.dump(
        definition | {"sections": sections},
        Dumper=_NoAliases,
        allow_unicode=True,
        sort_keys=False,
    )
    load_definition(text, file_name)
    return text
