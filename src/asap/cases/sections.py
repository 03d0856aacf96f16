"""The case page's sections that other apps own, read by the case page's view before the page
is rendered: no template tag reads case content. Each is a function `(access, page)` of its
app's `case_page` module (named here, so that the cases app imports none of them), reading
through the door in a fixed number of queries; `page` is the view's context so far (today,
the case's children, its one read of the checklists). Read for members only: a coordinator
who is not a member sees no section."""

from typing import Any

from django.utils.module_loading import import_string

from asap.cases.access import CaseAccess

SECTIONS: dict[str, str] = {
    "children_risk": "asap.instruments.case_page.section",
    "plans": "asap.plans.case_page.section",
    "meetings": "asap.meetings.case_page.section",
    "programme": "asap.programme.case_page.section",
    "episodes": "asap.episodes.case_page.section",
    "justice": "asap.justice.case_page.section",
    "agreements": "asap.agreements.case_page.section",
    "attachments": "asap.attachments.case_page.section",
}


def read_sections(access: CaseAccess, page: dict[str, Any]) -> dict[str, Any]:
    """Every section of the member's case page, by name."""
    if not access.is_member:
        return {}
    return {name: import_string(path)(access, page) for name, path in SECTIONS.items()}


def attach_files(access: CaseAccess, entries: Any) -> None:
    """Give each timeline entry of a page its readable files (`files`) and `may_attach`, in
    one query (`asap.attachments.case_page.on_entries`)."""
    import_string("asap.attachments.case_page.on_entries")(access, entries)
