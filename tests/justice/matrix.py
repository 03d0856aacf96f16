"""Rows of the authorisation matrix for police and court (see tests/security/test_matrix.py).

The matrix records his waiver before it runs: other agencies read the programme's joint
records."""


def rows(expect, member_form, victim_form) -> dict:
    outsiders = {"coordinator": (403, 403), "unrelated": (404, 404)}
    page = expect(members=(200, 405), **outsiders)

    def only(**groups):
        """Some sides reach it; the others are told it does not exist."""
        table = {"victim": (404, 404), "perpetrator": (404, 404), "agency": (404, 404)}
        return expect(**{**table, **groups}, **outsiders)

    def read_only(**groups):
        table = {"victim": (404, 405), "perpetrator": (404, 405), "agency": (404, 405)}
        return expect(**{**table, **groups}, **outsiders)

    def changed_by(side: str):
        table = {"victim": (403, 403), "perpetrator": (403, 403), "agency": (403, 403)}
        return expect(**{**table, side: (200, 400)}, **outsiders)

    programme = {
        "victim": (404, 404),
        "perpetrator": (200, 405),
        "agency": (404, 404),
    }
    return {
        ("justice:list", ("case",)): page,
        ("justice:add_order", ("case",)): member_form,
        ("justice:add_proceeding", ("case",)): member_form,
        ("justice:add_condition", ("case",)): member_form,
        ("justice:order", ("case", "order_protected")): read_only(victim=(200, 405)),
        ("justice:edit_order", ("case", "order_protected")): only(victim=(200, 400)),
        ("justice:order", ("case", "order_joint")): page,
        ("justice:edit_order", ("case", "order_joint")): changed_by("perpetrator"),
        ("justice:proceeding", ("case", "proceeding_protected")): read_only(victim=(200, 405)),
        ("justice:edit_proceeding", ("case", "proceeding_protected")): only(victim=(200, 400)),
        ("justice:proceeding", ("case", "proceeding_agency")): page,
        ("justice:edit_proceeding", ("case", "proceeding_agency")): changed_by("agency"),
        ("justice:condition", ("case", "condition")): page,
        ("justice:edit_condition", ("case", "condition")): changed_by("perpetrator"),
        ("justice:reports", ("case",)): expect(**programme, **outsiders),
        ("justice:add_report", ("case",)): only(perpetrator=(200, 400)),
        # An empty POST on the review page is an invalid "mark as sent": nothing is sent.
        ("justice:report", ("case", "progress_report")): only(perpetrator=(200, 400)),
        ("justice:edit_report", ("case", "progress_report")): only(perpetrator=(200, 400)),
        ("justice:report_pdf", ("case", "progress_report")): expect(**programme, **outsiders),
    }
