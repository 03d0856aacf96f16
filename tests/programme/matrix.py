"""Rows of the authorisation matrix for his programme (see tests/security/test_matrix.py)."""


def rows(expect, member_form, victim_form) -> dict:
    outsiders = {"coordinator": (403, 403), "unrelated": (404, 404)}
    # Only the perpetrator side writes; every other member is refused before any record is
    # looked up, whatever its number.
    perpetrator_form = expect(
        victim=(403, 403), perpetrator=(200, 400), agency=(403, 403), **outsiders
    )
    return {
        ("programme:page", ("case",)): expect(members=(200, 405), **outsiders),
        ("programme:record_status", ("case",)): perpetrator_form,
        ("programme:add_session", ("case",)): perpetrator_form,
        ("programme:edit_session", ("case", "programme_session")): perpetrator_form,
    }
