"""The meetings' rows of the authorisation matrix (tests/security/test_matrix.py).

Meetings are joint: every member reads and writes them; a coordinator who is not a member
is refused (403); someone unrelated is told nothing exists (404). The /meetings/ team
screens are declared for coordinators and are not case URLs.
"""


def rows(expect, member_form, victim_form) -> dict:
    page = expect(members=(200, 405), coordinator=(403, 403), unrelated=(404, 404))
    return {
        ("meetings:list", ("case",)): page,
        ("meetings:schedule", ("case",)): member_form,
        ("meetings:detail", ("case", "meeting")): page,
        ("meetings:edit", ("case", "meeting")): member_form,
        ("meetings:ics", ("case", "meeting")): page,
        ("meetings:minutes", ("case", "meeting")): member_form,
        ("meetings:minutes_pdf", ("case", "meeting")): page,
    }
