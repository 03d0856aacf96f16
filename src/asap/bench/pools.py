"""Encrypted values made once and reused: a few hundred tokens instead of millions of
encryptions. Every token is a real Fernet token under the current field keys, so the pages
decrypt them like any other value. All names and texts are fictional."""

import functools
import itertools
import json
from typing import Any

from asap.core import crypto

MEN = ["Marco", "Luca", "Paolo", "Stefano", "Andrea", "Davide", "Nikos", "Georgi"]
WOMEN = ["Elena", "Giulia", "Sara", "Chiara", "Anna", "Maria", "Eleni", "Petya"]
CHILDREN = ["Matilde", "Leo", "Sofia", "Tommaso", "Irene", "Nicola"]
SURNAMES = ["Rossi (fict.)", "Bianchi (fict.)", "Greco (fict.)", "Conti (fict.)", "Papadaki"]


class Pool:
    """Tokens for a list of clear texts; `pick(n)` cycles through them."""

    def __init__(self, texts: list[str]) -> None:
        self.tokens = [crypto.encrypt(text) for text in texts]

    def pick(self, n: int) -> str:
        return self.tokens[n % len(self.tokens)]


def _names(first: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in itertools.product(first, SURNAMES)]


class Pools:
    """Every pool the seed uses."""

    def __init__(self) -> None:
        self.men = Pool(_names(MEN))
        self.women = Pool(_names(WOMEN))
        self.children = Pool(_names(CHILDREN))
        self.addresses = Pool([f"Via dei Glicini {n} (fictional)" for n in range(1, 31)])
        self.note_titles = Pool(["Assessment interview", "Group session", "Support session"])
        self.note_bodies = Pool(
            [
                "He attended on time and talked about the last argument (fictional).",
                "She describes control over money and her phone (fictional).",
                "Both agencies agreed to review the plan at the next meeting (fictional).",
            ]
        )
        self.needs = Pool(["Safe contact with the children", "Housing support", "Phone check"])
        self.actions = Pool(["Refer to the legal clinic", "Weekly group session", "Safety call"])
        self.responsible = Pool(["Women's centre", "Programme facilitator", "Child protection"])
        self.meeting_titles = Pool(["Initial joint assessment", "Periodic review"])
        self.venues = Pool(["Meeting room 2, programme office (fictional)"])
        self.decisions = Pool(["Agreed the joint action plan and the next review (fictional)."])
        self.episode_notes = Pool(["Shouting in front of the child (fictional)."])
        self.meeting_entries = Pool(["Meeting scheduled"])
        self.consent_notes = Pool(["Given in writing at the centre (fictional)."])

    @functools.cached_property
    def _answers(self) -> dict[str, str]:
        return {}

    def answer(self, value: Any) -> str:
        """The token of one JSON answer (one per distinct value)."""
        text = json.dumps(value)
        token = self._answers.get(text)
        if token is None:
            token = self._answers[text] = crypto.encrypt(text)
        return token

    @functools.cached_property
    def _organisation_names(self) -> dict[str, str]:
        return {}

    def text(self, clear: str) -> str:
        """A token for a text used many times (an organisation's name)."""
        token = self._organisation_names.get(clear)
        if token is None:
            token = self._organisation_names[clear] = crypto.encrypt(clear)
        return token
