"""More rows of one joint case, beside `seed_cases`: his programme (a status and a register of
sessions) and two attached files, one per side, each sealed under its side's data key as
`asap.attachments.services.attach_file` seals them. Small on purpose: a file is a one-page
PDF of a few hundred bytes, so that 100,000 cases stay quick to seed and to store.
"""

import datetime
from collections.abc import Callable
from typing import Any

from asap.attachments.enums import FileType
from asap.attachments.models import Attachment
from asap.bench.pools import Pool
from asap.bench.sealing import CaseKeys
from asap.bench.writer import Table
from asap.cases.enums import Compartment, EntryKind, Side
from asap.core import datakeys
from asap.programme.enums import Attendance, ProgrammeStatus, SessionKind
from asap.programme.models import ProgrammeSession, StatusChange

DAY = datetime.timedelta(days=1)
SESSIONS = 8  # weekly group sessions in his register
# His attendance, week by week (the pattern starts at a different week in each case).
ATTENDANCE = [
    Attendance.PRESENT,
    Attendance.PRESENT,
    Attendance.LATE,
    Attendance.ABSENT_WITH_NOTICE,
    Attendance.PRESENT,
    Attendance.ABSENT_WITHOUT_NOTICE,
]
# A minimal one-page PDF (what `filetypes.detect` recognises by its first bytes).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
# (side, compartment, title, file name) of the two files of each case.
FILES = [
    (Side.PERPETRATOR, Compartment.PERPETRATOR, "Programme agreement (fictional)", "agreement.pdf"),
    (Side.VICTIM, Compartment.VICTIM, "Safety plan (fictional)", "safety-plan.pdf"),
]
SESSION_NOTES = Pool(
    [
        "Spoke about responsibility for the last incident (fictional).",
        "Quiet; asked to talk to the facilitator after the group (fictional).",
    ]
)


class RecordWriter:
    """Queues the programme's and the attachments' rows of a case, in the tables of a
    `CaseWriter` (`table` makes one; `entry` queues a timeline entry and returns its id)."""

    def __init__(
        self, table: Callable[[type, str], Table], entry: Callable[..., int], keys: CaseKeys
    ) -> None:
        self.entry, self.keys = entry, keys
        self.t_status = table(
            StatusChange, "case_id entry_id status date reason recorded_by_id organisation_id "
            "recorded_at",
        )  # fmt: skip
        self.t_session = table(
            ProgrammeSession,
            "case_id date kind attendance note compartment recorded_side alerted recorded_by_id "
            "organisation_id recorded_at updated_at version",
        )
        self.t_attachment = table(
            Attachment,
            "case_id entry_id record_id title file_name file_type size content uploaded_by_id "
            "organisation_id uploaded_at",
        )

    def programme(self, case: int, k: int, start: datetime.date, opened: Any, *ids: int) -> None:
        """His status (attending a group, from the programme's start) and his sessions."""
        pp_org, pp_user = ids
        at = opened + 14 * DAY
        title = str(ProgrammeStatus.ATTENDING_GROUP.label)
        # As `record_status` writes it: a joint entry titled with the status only.
        entry = self.entry(
            case, at, EntryKind.PROGRAMME_STATUS, Compartment.JOINT, pp_user, pp_org,
            Side.PERPETRATOR, title,
        )  # fmt: skip
        reason = self.keys.side(Side.PERPETRATOR, "Assessed as suitable for the group (fictional).")
        self.t_status.add(
            case, entry, ProgrammeStatus.ATTENDING_GROUP, start, reason, pp_user, pp_org, at
        )
        for week in range(SESSIONS):
            day = start + 7 * week * DAY
            held = opened + (14 + 7 * week) * DAY
            note = self.keys.side(Side.PERPETRATOR, SESSION_NOTES.pick(k)) if week == 0 else ""
            self.t_session.add(
                case, day, SessionKind.GROUP, ATTENDANCE[(k + week) % len(ATTENDANCE)], note,
                Compartment.JOINT, Side.PERPETRATOR, False, pp_user, pp_org, held, held, 1,
            )  # fmt: skip

    def attachments(self, case: int, opened: Any, by_side: dict[str, tuple[int, int]]) -> None:
        """One file per side, attached to the case: `by_side` gives (organisation, user)."""
        at = opened + 3 * DAY
        for side, compartment, title, name in FILES:
            organisation, user = by_side[side]
            entry = self.entry(
                case, at, EntryKind.ATTACHMENT, compartment, user, organisation, side, title
            )
            owner = datakeys.side_owner(case, side).subject
            self.t_attachment.add(
                case, entry, None, self.keys.side(side, title), self.keys.side(side, name),
                FileType.PDF, len(PDF), self.keys.seal_bytes(owner, PDF), user, organisation, at,
            )  # fmt: skip
