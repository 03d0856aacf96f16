"""A view whose read the view audits itself (`access.READ_RECORDED_BY_VIEW`): the door writes
no `case.read` row for it, and `CaseView` answers no successful GET of it that recorded no
read (a view that forgot its row fails loudly instead of reading unaudited)."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory

from asap.cases import access
from asap.cases.views.base import CaseView
from asap.core.models import AuditEvent

pytestmark = pytest.mark.django_db


class Forgetful(CaseView):
    action = access.READ_RECORDED_BY_VIEW

    def get(self, request, pk):
        return HttpResponse("CASE-CONTENT-READ-UNAUDITED")


class Careful(Forgetful):
    def get(self, request, pk):
        access.record_read(self.access, "careful", ["content"])
        return HttpResponse("CASE-CONTENT-READ-AUDITED")


def get(view, user, case):
    request = RequestFactory().get("/")
    request.user = user
    return view.as_view()(request, pk=case.pk)


def rows_after(seq: int) -> list[str]:
    return list(AuditEvent.objects.filter(seq__gt=seq).values_list("action", flat=True))


def last_seq() -> int:
    return AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def test_a_view_that_records_no_read_answers_nothing(joint_case, pp_worker):
    before = last_seq()
    with pytest.raises(ImproperlyConfigured):
        get(Forgetful, pp_worker, joint_case)
    assert rows_after(before) == []


def test_a_view_that_records_its_read_leaves_that_row_only(joint_case, pp_worker):
    before = last_seq()
    response = get(Careful, pp_worker, joint_case)
    assert response.status_code == 200
    assert rows_after(before) == ["careful.read"]


def test_the_door_still_refuses_a_coordinator_who_is_not_a_member(joint_case, coordinator):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        get(Careful, coordinator, joint_case)
