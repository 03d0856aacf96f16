"""One resource of each kind through the hand-written client (tests/api/client.py): read,
and where the API writes, written and read back."""

import pytest

from tests.api.client import ApiClient, ApiError

pytestmark = pytest.mark.django_db


def test_cases_round_trip(api_world):
    client = ApiClient(api_world.secrets["victim_side"])
    case = api_world.world.case
    listed = client.pages("/cases")
    assert [c["code"] for c in listed] == [case.code]
    assert client.get(f"/cases/{case.pk}")["code"] == case.code
    with pytest.raises(ApiError) as refused:
        ApiClient(api_world.secrets["unrelated"]).get(f"/cases/{case.pk}")
    assert refused.value.status == 404
