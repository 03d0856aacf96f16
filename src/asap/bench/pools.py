"""The texts the seed draws from. A case's values are sealed under its own data keys
(`asap.bench.sealing`); a value not of a case (an organisation's address) is encrypted once
under the master keys and reused (`Pools.text`). All names and texts are fictional."""

import functools
import itertools

from asap.core import crypto

MEN = ["Marco", "Luca", "Paolo", "Stefano", "Andrea", "Davide", "Nikos", "Georgi"]
WOMEN = ["Elena", "Giulia", "Sara", "Chiara", "Anna", "Maria", "Eleni", "Petya"]
CHILDREN = ["Matilde", "Leo", "Sofia", "Tommaso", "Irene", "Nicola"]
SURNAMES = ["Rossi (fict.)", "Bianchi (fict.)", "Greco (fict.)", "Conti (fict.)", "Papadaki"]


class Pool:
    """A list of clear texts; `pick(n)` cycles through them."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts

    def pick(self, n: int) -> str:
        return self.texts[n % len(self.texts)]


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
    def _texts(self) -> dict[str, str]:
        return {}

    def text(self, clear: str) -> str:
        """A master-key token for a text not of a case, used many times (an address)."""
        token = self._texts.get(clear)
        if token is None:
            token = self._texts[clear] = crypto.encrypt(clear)
        return token
