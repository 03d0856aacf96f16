"""Rows of the authorisation matrix for the episodes app (see tests/security/test_matrix.py)."""


def rows(expect, member_form, victim_form) -> dict:
    outsiders = {"coordinator": (403, 403), "unrelated": (404, 404)}
    page = expect(members=(200, 405), **outsiders)

    def only(**groups):
        """A form some sides reach: the others are told the record does not exist."""
        table = {"victim": (404, 404), "perpetrator": (404, 404), "agency": (404, 404)}
        return expect(**{**table, **groups}, **outsiders)

    def read_only(**groups):
        """A page some sides read: the others get 404. A POST is refused (405) before the
        record is looked up, whatever its number, so it tells nobody that the record exists."""
        table = {"victim": (404, 405), "perpetrator": (404, 405), "agency": (404, 405)}
        return expect(**{**table, **groups}, **outsiders)

    return {
        ("episodes:list", ("case",)): page,
        ("episodes:add", ("case",)): member_form,
        ("episodes:detail", ("case", "episode_victim")): read_only(victim=(200, 405)),
        ("episodes:detail", ("case", "episode_shared")): read_only(
            victim=(200, 405), perpetrator=(200, 405)
        ),
        ("episodes:detail", ("case", "episode_perpetrator")): page,
        ("episodes:detail", ("case", "episode_agency")): page,
        ("episodes:edit", ("case", "episode_victim")): only(victim=(200, 400)),
        # Shared with the programme: it reads the episode, but only her side changes it.
        ("episodes:edit", ("case", "episode_shared")): only(
            victim=(200, 400), perpetrator=(403, 403)
        ),
        ("episodes:edit", ("case", "episode_perpetrator")): expect(
            victim=(403, 403), perpetrator=(200, 400), agency=(403, 403), **outsiders
        ),
        ("episodes:edit", ("case", "episode_agency")): expect(
            victim=(403, 403), perpetrator=(403, 403), agency=(200, 400), **outsiders
        ),
        ("episodes:sessions", ("case",)): page,
        ("episodes:add_session", ("case",)): member_form,
        ("episodes:session", ("case", "session_woman")): read_only(victim=(200, 405)),
        ("episodes:session", ("case", "session_man")): read_only(perpetrator=(200, 405)),
        ("episodes:session", ("case", "session_agency")): page,
    }
