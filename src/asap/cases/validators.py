"""No protected value in shared text.

Text that another side reads (a joint note, a shared note, the reason for raising a level,
minutes and decisions, a meeting's title, venue and link, the joint plan's actions, a shared
episode's note, a case agreement) must not name the woman or a child, nor repeat one of their
protected details. `protected_terms(case)` reads the case's protected values inside the named
scope "shared-text-check" and turns them into terms; `check_shared_text` answers which fields
name one of them, with one message that never repeats the value.

What is refused (compared case-insensitively, without accents, on whole words):

- every token of the woman's and each child's stored name (first name or surname alone),
  three characters or longer, except tokens of the man's name (joint: a child's surname is
  often his);
- every protected detail's whole value; for a place (address, shelter, school, workplace)
  also the part before the first comma and that part without its house number ("Via Roma 12,
  00100 Roma" refuses "Via Roma 12" and "Via Roma"); for an e-mail address its local part;
- a phone number (phone, safe channel, new account) compared on its digits only, without the
  international prefix.

Who is checked: a writer on the victim side, who reads these values anyway. Another side is
never checked (`SharedTextMixin.shared_text_applies`): a refusal would tell a perpetrator-side
worker that a guessed address is hers. Forms of other sides therefore keep their help texts
("never an address …") and nothing else.
"""

import fnmatch
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from asap.cases.enums import Compartment, PersonRole, ProtectedKind
from asap.core.scopes import named_scope

NAMES_PROTECTED = _(
    "This repeats one of the case's protected details or names the woman or a child. Joint "
    "text is read by the other side: describe without names or places."
)
SHARED_ITEM_NAMES_PROTECTED = _(
    "This item names the woman, a child or one of their protected details. Change it before "
    "sharing it: the other side would read it."
)

SHORTEST_NAME = 3  # name tokens shorter than this ("Al", "Li") would match ordinary words
SHORTEST_DETAIL = 4  # folded characters of a detail term, spaces not counted
SHORTEST_PHONE = 6  # digits
PHONE_TAIL = 8  # a number is compared on its last digits: with or without +39, 0039 …
PLACES = {
    ProtectedKind.ADDRESS,
    ProtectedKind.SHELTER,
    ProtectedKind.SCHOOL,
    ProtectedKind.WORKPLACE,
}
NUMBERS = {ProtectedKind.PHONE, ProtectedKind.SAFE_CHANNEL, ProtectedKind.NEW_ACCOUNT}
APOSTROPHES = "'\u2019\u02bc`\u00b4"
NUMBER_WORDS = {"n", "no", "nr", "num"}  # "Via Roma n. 12"
DIGIT_RUN = re.compile(r"\+?\d[\d\s().\-/]*\d|\d")


@dataclass(frozen=True)
class Term:
    """One thing shared text must not contain. Its value is never shown (`repr` hides it)."""

    words: str = field(default="", repr=False)  # folded, matched on whole words
    digits: str = field(default="", repr=False)  # matched inside a run of digits


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _words(text: str, apostrophe: str) -> str:
    """Lower case, no accents, apostrophes replaced by `apostrophe`, every other mark a
    space, single spaces, padded with one space on each side."""
    text = _strip_accents(text).casefold()
    text = text.translate({ord(c): apostrophe for c in APOSTROPHES})
    text = "".join(c if c.isalnum() or c == " " else " " for c in text)
    return f" {' '.join(text.split())} "


def fold(text: str) -> tuple[str, ...]:
    """The forms of `text` a term is looked for in: "D'Amico" as "damico" and "d amico"."""
    return (_words(text, ""), _words(text, " "))


def _word_term(text: str, shortest: int) -> Term | None:
    words = _words(text, "").strip()
    return Term(words=words) if len(words.replace(" ", "")) >= shortest else None


def _phone_term(value: str) -> Term | None:
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) < SHORTEST_PHONE:
        return None
    return Term(digits=digits[-PHONE_TAIL:])


def _without_number(part: str) -> str:
    words = [w for w in _words(part, "").split() if not any(c.isdigit() for c in w)]
    while words and words[-1] in NUMBER_WORDS:
        words.pop()
    return " ".join(words)


def detail_terms(kind: str, value: str) -> list[Term]:
    """The terms of one protected detail."""
    candidates = [value]
    if kind in PLACES:
        street = value.split(",")[0]
        candidates += [street, _without_number(street)]
    if kind == ProtectedKind.EMAIL and "@" in value:
        candidates.append(value.split("@")[0])
    terms = [_word_term(text, SHORTEST_DETAIL) for text in candidates]
    if kind in NUMBERS:
        terms.append(_phone_term(value))
    return [term for term in terms if term is not None]


def name_terms(name: str, joint_words: Iterable[str] = ()) -> list[Term]:
    """The terms of a protected name: each of its words, unless it is a joint word."""
    allowed = set(joint_words)
    tokens = _words(name.replace("-", " "), "").split()
    return [
        Term(words=token)
        for token in tokens
        if len(token) >= SHORTEST_NAME and token not in allowed and not token.isdigit()
    ]


def _unique(terms: Iterable[Term]) -> list[Term]:
    return list(dict.fromkeys(terms))


def protected_terms(case: Any) -> list[Term]:
    """What text another side reads must not contain: the woman's and the children's names
    and the protected details of `case` (read in the scope "shared-text-check")."""
    from asap.cases.models import Person, ProtectedDetail

    with named_scope("shared-text-check"):
        persons = list(Person.objects.filter(case=case).values_list("role", "name"))
        details = list(ProtectedDetail.objects.filter(case=case).values_list("kind", "value"))
    his = " ".join(name for role, name in persons if role == PersonRole.PERPETRATOR and name)
    joint_words = _words(his, "").split()
    terms: list[Term] = []
    for role, name in persons:
        if role != PersonRole.PERPETRATOR and name:
            terms += name_terms(name, joint_words)
    for kind, value in details:
        terms += detail_terms(kind, value)
    return _unique(terms)


def terms_from_values(values: Iterable[str]) -> list[Term]:
    """Terms from bare protected values whose kind is unknown (the `protected` lists the
    meeting and agreement views give their forms): each value whole, the part before its
    first comma with and without the house number, and its digits when it looks like a
    phone number."""
    terms: list[Term] = []
    for value in values:
        street = value.split(",")[0]
        for text in (value, street, _without_number(street) if "," in value else ""):
            term = _word_term(text, SHORTEST_DETAIL)
            if term is not None:
                terms.append(term)
        if not any(c.isalpha() for c in value):
            phone = _phone_term(value)
            if phone is not None:
                terms.append(phone)
    return _unique(terms)


def _digit_runs(text: str) -> list[str]:
    return ["".join(c for c in run if c.isdigit()) for run in DIGIT_RUN.findall(text)]


def names_protected(text: str, terms: Iterable[Term]) -> bool:
    """Whether `text` contains one of the protected `terms`."""
    if not text:
        return False
    forms_of_text = fold(text)
    runs: list[str] | None = None
    for term in terms:
        if term.words and any(f" {term.words} " in folded for folded in forms_of_text):
            return True
        if term.digits:
            runs = _digit_runs(text) if runs is None else runs
            if any(term.digits in run for run in runs):
                return True
    return False


def check_shared_text(
    case: Any,
    cleaned_data: Mapping[str, Any],
    fields: Iterable[str],
    *,
    terms: list[Term] | None = None,
) -> dict[str, forms.ValidationError]:
    """field → error, for each of `fields` whose text names a protected value of `case`.

    The error is the same for every field and every value: it never repeats what matched.
    """
    if terms is None:
        terms = protected_terms(case)
    if not terms:
        return {}
    return {
        name: forms.ValidationError(NAMES_PROTECTED, code="protected")
        for name in fields
        if isinstance(cleaned_data.get(name), str) and names_protected(cleaned_data[name], terms)
    }


def read_by_another_side(entry: Any) -> bool:
    """Whether another side reads a timeline entry's text: it is joint, or shared (a share
    in force)."""
    from asap.cases.models import Share

    if entry.compartment == Compartment.JOINT:
        return True
    with named_scope("shared-text-check"):
        return Share.objects.filter(entry_id=entry.pk, withdrawn_at__isnull=True).exists()


def entry_texts(entry: Any) -> list[str]:
    """The free text of a timeline entry: its title and text, and an episode's note."""
    from asap.episodes.models import Episode

    with named_scope("shared-text-check"):
        notes = list(Episode.objects.filter(entry_id=entry.pk).values_list("note", flat=True))
    return [entry.title, entry.body, *notes]


class SharedTextMixin:
    """Refuses, in `clean()`, shared text that names a protected value of the case.

    `shared_text_fields` names the fields (shell patterns: "reason_*"). The form is given
    `access` (the writer's `CaseAccess`), and for an existing entry the `entry` whose
    compartment and shares decide whether another side reads it. Without `access` the form
    compares with `shared_text_values` (bare values the view gave it, empty for other sides)
    or checks nothing.
    """

    shared_text_fields: tuple[str, ...] = ()
    shared_text_values: list[str]

    def __init__(self, *args: Any, access: Any = None, entry: Any = None, **kwargs: Any) -> None:
        self.shared_text_access = access
        self.shared_text_entry = entry
        self.shared_text_values = []
        super().__init__(*args, **kwargs)

    def shared_text_compartment(self, cleaned: Mapping[str, Any]) -> str:
        """The compartment the text is filed under (a form that chooses one overrides this)."""
        return Compartment.JOINT

    def shared_text_applies(self, cleaned: Mapping[str, Any]) -> bool:
        access = self.shared_text_access
        if access is not None and not access.is_victim_side:
            return False  # no oracle: another side is never told that a guess matches
        if self.shared_text_entry is not None:
            return read_by_another_side(self.shared_text_entry)
        return self.shared_text_compartment(cleaned) == Compartment.JOINT

    def shared_text_terms(self) -> list[Term]:
        if self.shared_text_access is not None:
            return protected_terms(self.shared_text_access.case)
        return terms_from_values(self.shared_text_values)

    def shared_text_names(self) -> list[str]:
        fields = self.fields  # type: ignore[attr-defined]
        return [
            name
            for name in fields
            if any(fnmatch.fnmatchcase(name, pattern) for pattern in self.shared_text_fields)
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()  # type: ignore[misc]
        if self.shared_text_access is None and not self.shared_text_values:
            return cleaned  # nothing to compare with
        if not self.shared_text_applies(cleaned):
            return cleaned
        errors = check_shared_text(
            None, cleaned, self.shared_text_names(), terms=self.shared_text_terms()
        )
        for name, error in errors.items():
            self.add_error(name, error)  # type: ignore[attr-defined]
        return cleaned
