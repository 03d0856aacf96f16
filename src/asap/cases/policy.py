"""The one read policy: whether a reader sees a piece of case content.

It decides on five things, in one table (`RULES`), written out in `docs/security-model.md`:

- the reader's side (victim, perpetrator, other agency; no side: nothing);
- the compartment of the content (protected, victim, perpetrator, joint);
- who recorded it (the victim side, the perpetrator side, another agency, or the platform
  itself for an event with no content of anyone's);
- the consent in force: the woman's (for the perpetrator programme, for other agencies) and
  the man's limited waiver of confidentiality (for other agencies);
- the shares in force of the item with the reader's side.

`may_read()` answers for one item in Python; `readable_q()` builds the same answer as a
database filter for a whole queryset. Both read `RULES` and nothing else. Every case-content
model's `visible_to(access)` (see `asap.core.scopes`) is built on `readable_q()`.
"""

from dataclasses import dataclass

from django.db.models import Q

from asap.cases.enums import Compartment, ConsentScope, Side

PLATFORM = ""  # recorded by the platform itself: an event that carries no one's content
ANY = "*"

# The consent each reader side needs, by whose consent.
HER_CONSENT = "her"
HIS_WAIVER = "his"


@dataclass(frozen=True)
class Rule:
    """What a reader needs to read one kind of content: nothing, a share, a consent, both."""

    open: bool
    share: bool = False
    consent: tuple[str, str] | None = None  # (whose, scope)


NEVER = Rule(False)
ALWAYS = Rule(True)
SHARED = Rule(True, share=True)


def _her(scope: str, *, share: bool = False) -> Rule:
    return Rule(True, share=share, consent=(HER_CONSENT, scope))


def _his(scope: str, *, share: bool = False) -> Rule:
    return Rule(True, share=share, consent=(HIS_WAIVER, scope))


V, P, A = Side.VICTIM, Side.PERPETRATOR, Side.AGENCY
PP, OA = ConsentScope.PERPETRATOR_PROGRAMME, ConsentScope.OTHER_AGENCIES

# (compartment, recorded by) → reader's side → rule. The one table of the barrier.
RULES: dict[tuple[str, str], dict[str, Rule]] = {
    (Compartment.PROTECTED, ANY): {V: ALWAYS, P: NEVER, A: NEVER},
    (Compartment.VICTIM, ANY): {V: ALWAYS, P: _her(PP, share=True), A: _her(OA, share=True)},
    (Compartment.PERPETRATOR, ANY): {V: SHARED, P: ALWAYS, A: _his(OA, share=True)},
    (Compartment.JOINT, V): {V: ALWAYS, P: _her(PP), A: _her(OA)},
    (Compartment.JOINT, P): {V: ALWAYS, P: ALWAYS, A: _his(OA)},
    (Compartment.JOINT, A): {V: ALWAYS, P: ALWAYS, A: ALWAYS},
    (Compartment.JOINT, PLATFORM): {V: ALWAYS, P: ALWAYS, A: ALWAYS},
}

RECORDERS = (V, P, A, PLATFORM)


@dataclass(frozen=True)
class Reader:
    """A reader as the policy sees them: a side, and the consents in force on the case."""

    side: str | None
    her_consent: frozenset[str] = frozenset()
    his_waiver: frozenset[str] = frozenset()

    def has(self, consent: tuple[str, str] | None) -> bool:
        if consent is None:
            return True
        whose, scope = consent
        return scope in (self.her_consent if whose == HER_CONSENT else self.his_waiver)


def rule_for(compartment: str, recorded_by: str, side: str | None) -> Rule:
    """The rule of the table for one kind of content and one reader's side."""
    if side is None:
        return NEVER
    row = RULES.get((compartment, ANY)) or RULES.get((compartment, recorded_by or PLATFORM))
    return row[side] if row else NEVER


def may_read(reader: Reader, compartment: str, recorded_by: str = PLATFORM, *, shared=False):
    """Whether `reader` reads one item of `compartment` recorded by `recorded_by`."""
    rule = rule_for(compartment, recorded_by, reader.side)
    return rule.open and reader.has(rule.consent) and (shared or not rule.share)


def withheld_by_choice(reader: Reader, compartment: str, recorded_by: str) -> bool:
    """Whether the item would reach the reader but for a consent not (or no longer) given."""
    rule = rule_for(compartment, recorded_by, reader.side)
    return rule.open and not rule.share and not reader.has(rule.consent)


def readable_q(
    reader: Reader,
    *,
    compartment: str = "compartment",
    recorded: str | None = "recorded_side",
    recorded_values: dict[str, list[str]] | None = None,
    shared: Q | None = None,
) -> Q:
    """The database filter that keeps what `reader` may read, built from `RULES` alone.

    `compartment` and `recorded` name the fields that hold the compartment and who recorded
    the row (`recorded=None`: the model records for the platform, e.g. a derived result);
    `recorded_values` maps a side to the stored values that mean it where the field holds
    other words (an answer's source); `shared` is the filter "shared with the reader's side
    and not withdrawn", where the model can be shared.
    """
    conditions: list[Q] = []
    # The rows of one compartment readable whoever of several recorded them: one condition
    # with the recorders' values together (fewer conditions for the database to compile).
    recorders: dict[tuple[str, bool], list[str]] = {}
    for (compartment_value, recorded_by), row in RULES.items():
        rule = row.get(reader.side or "", NEVER)
        if not rule.open or not reader.has(rule.consent):
            continue
        if rule.share and shared is None:
            continue
        if recorded_by != ANY and recorded is not None:
            values = (recorded_values or {}).get(recorded_by, [recorded_by])
            recorders.setdefault((compartment_value, rule.share), []).extend(values)
            continue
        if recorded_by not in (ANY, PLATFORM):
            continue  # the model records nothing but platform rows
        conditions.append(_shared_if(Q(**{compartment: compartment_value}), rule.share, shared))
    for (compartment_value, share), values in recorders.items():
        condition = Q(**{compartment: compartment_value, f"{recorded}__in": values})
        conditions.append(_shared_if(condition, share, shared))
    if not conditions:
        return Q(pk__in=[])
    allowed = conditions[0]
    for condition in conditions[1:]:
        allowed |= condition
    return allowed


def _shared_if(condition: Q, share: bool, shared: Q | None) -> Q:
    return condition & shared if share and shared is not None else condition


def withheld_q(
    reader: Reader,
    *,
    compartment: str = "compartment",
    recorded: str = "recorded_side",
    recorded_values: dict[str, list[str]] | None = None,
) -> Q:
    """The rows kept from `reader` only because her consent (or his waiver) is not in force."""
    withheld = Q(pk__in=[])
    for (compartment_value, recorded_by), row in RULES.items():
        rule = row.get(reader.side or "", NEVER)
        if recorded_by == ANY or not rule.open or rule.share or reader.has(rule.consent):
            continue
        values = (recorded_values or {}).get(recorded_by, [recorded_by])
        withheld |= Q(**{compartment: compartment_value, f"{recorded}__in": values})
    return withheld
