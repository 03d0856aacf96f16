"""The agreements' rows of the authorisation matrix (tests/security/test_matrix.py).

Case level agreements are joint: every member reads them; the world's draft names every
agency of the case, so every member may change it. The moves (send, withdraw, sign,
supersede) answer POST only, and come back to the agreement's page (302) whether they
happen or are refused with a message. A coordinator who is not a member is refused (403);
someone unrelated is told nothing exists (404).
"""


def rows(expect, member_form, victim_form) -> dict:
    page = expect(members=(200, 405), coordinator=(403, 403), unrelated=(404, 404))
    move = expect(members=(405, 302), coordinator=(403, 403), unrelated=(404, 404))
    draft = ("case", "case_agreement")
    return {
        ("case_agreements:list", ("case",)): page,
        ("case_agreements:draft", ("case",)): member_form,
        ("case_agreements:detail", draft): page,
        ("case_agreements:edit", draft): member_form,
        ("case_agreements:send", draft): move,
        ("case_agreements:withdraw", draft): move,
        ("case_agreements:sign", draft): move,
        ("case_agreements:supersede", draft): move,
        ("case_agreements:pdf", draft): page,
    }
