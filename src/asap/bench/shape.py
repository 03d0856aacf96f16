"""The shape of the benchmark's data set: who works where, and which agencies take each case.

Everything scales linearly with the number of cases N, so that what one worker or one
coordinator sees stays the same at 1,000 and at 100,000 cases: the regions multiply, each
region's load does not. A region has five organisations (two perpetrator programmes, two
victim-support services, one child-protection unit) and takes 1,000 cases; an organisation
has 20 users. At N = 100,000: 100 regions, 500 organisations, 10,000 users.
"""

from dataclasses import dataclass

from asap.accounts.enums import OrganisationKind, Role
from asap.cases.models import CODE_ALPHABET

CASES_PER_REGION = 1000
USERS_PER_ORGANISATION = 20
# The kind of each of a region's five organisations.
REGION_KINDS = (
    OrganisationKind.PERPETRATOR_PROGRAMME,
    OrganisationKind.VICTIM_SUPPORT_SERVICE,
    OrganisationKind.CHILD_PROTECTION,
    OrganisationKind.PERPETRATOR_PROGRAMME,
    OrganisationKind.VICTIM_SUPPORT_SERVICE,
)
# The role of each of an organisation's users, by position; the rest are case workers.
COORDINATOR, ADMINISTRATOR, DPO = 0, 1, 2
PARTNER_CONTACTS = (3, 4)  # in a perpetrator programme; case workers elsewhere
CASE_WORKERS = tuple(range(5, USERS_PER_ORGANISATION))
BENCH_PASSWORD = "bench-password-not-secret"  # noqa: S105  # nosec B105: fictional bench accounts, printed
# One TOTP secret for every bench account: the benchmark signs in as several of them.
BENCH_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105  # nosec B105: fictional bench accounts


def regions_for(cases: int) -> int:
    return max(1, cases // CASES_PER_REGION)


def role_of(kind: str, position: int) -> str:
    if position == COORDINATOR:
        return Role.COORDINATOR
    if position == ADMINISTRATOR:
        return Role.ADMINISTRATOR
    if position == DPO:
        return Role.DATA_PROTECTION_OFFICER
    if position in PARTNER_CONTACTS and kind == OrganisationKind.PERPETRATOR_PROGRAMME:
        return Role.PARTNER_CONTACT
    return Role.CASE_WORKER


def email_of(user_index: int) -> str:
    return f"bench{user_index:06d}@bench.example"


def organisation_name(index: int) -> str:
    return f"Bench agency {index:04d} (fictional)"


def case_code(index: int) -> str:
    """A fixed code per case index (base 32 over the code alphabet), distinct from any
    random code by its last character group starting with 'B'."""
    chars = []
    value = index
    for _ in range(7):
        value, digit = divmod(value, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[digit])
    body = "".join(reversed(chars))
    return f"JC-{body[:4]}-B{body[4:]}"


@dataclass(frozen=True)
class CasePlan:
    """Which organisations and workers take case `index`."""

    index: int
    regions: int

    @property
    def region(self) -> int:
        return self.index % self.regions

    @property
    def pair(self) -> int:
        return (self.index // self.regions) % 2

    @property
    def k(self) -> int:
        """The case's number within its pair of agencies (0, 1, 2, … up to 499)."""
        return self.index // (2 * self.regions)

    @property
    def pp(self) -> int:
        return 5 * self.region + (0 if self.pair == 0 else 3)

    @property
    def vss(self) -> int:
        return 5 * self.region + (1 if self.pair == 0 else 4)

    @property
    def cpu(self) -> int:
        return 5 * self.region + 2

    def worker(self, organisation: int, spread: int = 1) -> int:
        position = CASE_WORKERS[(self.k * spread) % len(CASE_WORKERS)]
        return organisation * USERS_PER_ORGANISATION + position

    @property
    def pp_worker(self) -> int:
        return self.worker(self.pp)

    @property
    def vss_worker(self) -> int:
        return self.worker(self.vss, 7)

    @property
    def cpu_worker(self) -> int:
        return self.worker(self.cpu, 11)

    @property
    def partner_contact(self) -> int | None:
        if self.k % 2 == 0:
            return None
        return self.pp * USERS_PER_ORGANISATION + PARTNER_CONTACTS[(self.k // 2) % 2]

    @property
    def has_child(self) -> bool:
        return self.k % 2 == 0

    @property
    def cpu_status(self) -> str | None:
        """The child-protection unit takes part in every 4th case, is invited to another."""
        return {0: "active", 2: "invited"}.get(self.k % 4)

    @property
    def has_review(self) -> bool:
        """A second (planned) meeting in every other case."""
        return self.k % 2 == 0


def bench_case_index(cases: int) -> int:
    """The case the benchmark opens: in the middle, with every kind of record."""
    regions = regions_for(cases)
    k = (cases // (2 * regions)) // 2
    k -= k % 4  # a child, the child-protection unit taking part, a review meeting
    return k * 2 * regions
