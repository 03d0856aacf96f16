"""The plans' rows of the authorisation matrix (tests/security/test_matrix.py)."""


def rows(expect, member_form, victim_form) -> dict:
    """Every member reads the plans (each side what it may); a coordinator who is not a
    member is refused; someone unrelated is told nothing exists. A victim-side action does
    not exist for the other sides (404)."""
    page = expect(members=(200, 405), coordinator=(403, 403), unrelated=(404, 404))
    victim_only = expect(
        victim=(200, 400),
        perpetrator=(404, 404),
        agency=(404, 404),
        coordinator=(403, 403),
        unrelated=(404, 404),
    )
    return {
        ("plans:list", ("case",)): page,
        ("plans:add", ("case",)): member_form,
        ("plans:edit", ("case", "action_joint")): member_form,
        ("plans:edit", ("case", "action_victim")): victim_only,
        ("plans:pdf", ("case",)): page,
        ("plans:snapshots", ("case",)): page,
        ("plans:snapshot", ("case", "snapshot")): page,
        ("plans:safety", ("case",)): page,
        ("plans:safety_edit", ("case",)): member_form,
    }
