"""Rows of the authorisation matrix for the attachments app (tests/security/test_matrix.py).

In the world: her file (victim, to the case) and a protected file on the protected note are
the victim side's; his programme's file (perpetrator, on his note) the perpetrator side's;
the police's file is joint (recorded by an agency: every member reads it)."""


def rows(expect, member_form, victim_form) -> dict:
    outsiders = {"coordinator": (403, 403), "unrelated": (404, 404)}
    page = expect(members=(200, 405), **outsiders)

    def only(**groups):
        """A form some sides reach: the others are told the record does not exist."""
        table = {"victim": (404, 404), "perpetrator": (404, 404), "agency": (404, 404)}
        return expect(**{**table, **groups}, **outsiders)

    def read_only(**groups):
        table = {"victim": (404, 405), "perpetrator": (404, 405), "agency": (404, 405)}
        return expect(**{**table, **groups}, **outsiders)

    return {
        ("attachments:list", ("case",)): page,
        ("attachments:add", ("case",)): member_form,
        ("attachments:add_to", ("case", "note_victim")): only(victim=(200, 400)),
        ("attachments:add_to", ("case", "note_protected")): only(victim=(200, 400)),
        # Her joint note reaches the programme under her consent, not the police.
        ("attachments:add_to", ("case", "note_joint")): only(
            victim=(200, 400), perpetrator=(200, 400)
        ),
        ("attachments:add_to", ("case", "note_perpetrator")): only(perpetrator=(200, 400)),
        # Shared with the programme, which reads it but files nothing as narrow as hers.
        ("attachments:add_to", ("case", "note_shared")): only(
            victim=(200, 400), perpetrator=(403, 403)
        ),
        ("attachments:download", ("case", "attachment_victim")): read_only(victim=(200, 405)),
        ("attachments:download", ("case", "attachment_protected")): read_only(victim=(200, 405)),
        ("attachments:download", ("case", "attachment_perpetrator")): read_only(
            perpetrator=(200, 405)
        ),
        ("attachments:download", ("case", "attachment_joint")): page,
        ("attachments:remove", ("case", "attachment_victim")): only(victim=(200, 400)),
        ("attachments:remove", ("case", "attachment_protected")): only(victim=(200, 400)),
        ("attachments:remove", ("case", "attachment_perpetrator")): only(perpetrator=(200, 400)),
        ("attachments:remove", ("case", "attachment_joint")): expect(
            victim=(403, 403), perpetrator=(403, 403), agency=(200, 400), **outsiders
        ),
    }
