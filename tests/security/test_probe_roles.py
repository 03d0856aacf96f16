"""Outside reviewer's probes: the roles outside the case (the programme's administrator,
data-protection officer, coordinator and trainer, an unrelated organisation's same roles, and
a platform operator) at every account and organisation door, with POSTs, never one person
holding roles everywhere. The victim side's worker carries distinctive canaries in her
account (her security log's address and browser); each refusal is paired with the rightful
actor succeeding at the same door."""

import datetime

import pytest
from allauth.mfa.models import Authenticator

from asap.accounts import recovery
from asap.accounts.enums import OrganisationKind, Role
from asap.accounts.models import Membership, RecoveryRequest, SecurityEvent, User
from asap.api.models import ApiToken
from asap.core.models import AuditEvent
from tests.factories import OrganisationFactory, persona

pytestmark = pytest.mark.django_db

# What her security log holds: where she signs in from and with which browser.
HER_ADDRESS = "198.51.100.73"
HER_BROWSER = "CANARYHERBROWSER7f3a"
SOON = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()


@pytest.fixture
def her(vss):
    """The shelter's worker: a security log with a distinctive address and browser."""
    worker = persona(Role.CASE_WORKER, vss)
    SecurityEvent.objects.create(
        user=worker, action="security.login", ip_address=HER_ADDRESS, user_agent=HER_BROWSER
    )
    return worker


@pytest.fixture
def outside(pp):
    """The roles outside the case, each a distinct person: the programme's and an unrelated
    organisation's administrator, officer, coordinator and trainer."""
    third = OrganisationFactory(name="Third (probe)", kind=OrganisationKind.HEALTH)
    people = {}
    for place, organisation in (("pp", pp), ("third", third)):
        for role in (
            Role.ADMINISTRATOR,
            Role.DATA_PROTECTION_OFFICER,
            Role.COORDINATOR,
            Role.TRAINER,
        ):
            people[f"{role}_{place}"] = persona(role, organisation)
    return people


def _new_audit(since: int) -> list[str]:
    return list(
        AuditEvent.objects.filter(seq__gt=since)
        .exclude(action__startswith="security.login")
        .exclude(action__in=["security.reauthenticated", "api.call"])
        .values_list("action", flat=True)
    )


def test_no_outside_role_reaches_her_account_at_any_door(her, vss, outside, signed_in_client):
    membership = her.memberships.get()
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    refused = {}
    for name, user in outside.items():
        client = signed_in_client(user)
        doors = {
            "person": client.get(f"/organisation/members/{her.pk}/"),
            "activity": client.get(f"/organisation/members/{her.pk}/activity/"),
            "recovery password": client.post(
                f"/organisation/members/{her.pk}/recovery/", {"kind": "password"}
            ),
            "recovery mfa": client.post(
                f"/organisation/members/{her.pk}/recovery/", {"kind": "authenticators"}
            ),
            "deactivate": client.post(f"/organisation/members/{her.pk}/deactivate/"),
            "end her role": client.post("/organisation/members/", {"revoke": membership.pk}),
            "grant self in her organisation": client.post(
                "/organisation/members/",
                {"organisation": vss.pk, "email": user.email, "role": Role.CASE_WORKER},
            ),
            "grant her admin in her organisation": client.post(
                "/organisation/members/",
                {"organisation": vss.pk, "email": her.email, "role": Role.ADMINISTRATOR},
            ),
            "token for her organisation": client.post(
                f"/organisation/api-tokens/?organisation={vss.pk}",
                {"name": "probe", "role": Role.CASE_WORKER, "expires_on": SOON},
            ),
        }
        for door, response in doors.items():
            body = response.content.decode()
            if response.status_code not in (403, 404) or HER_BROWSER in body:
                refused[(name, door)] = response.status_code
    assert refused == {}
    membership.refresh_from_db()
    her.refresh_from_db()
    assert membership.is_active
    assert her.is_active
    assert her.has_usable_password()
    assert Authenticator.objects.filter(user=her).exists()
    assert Membership.objects.filter(organisation=vss).exclude(user=her).count() == 0
    assert RecoveryRequest.objects.count() == 0
    assert ApiToken.objects.count() == 0
    # Nothing written but the refusals themselves (asap.core.refusals), one a request.
    doors_asked = len(outside) * len(doors)
    assert _new_audit(before or 0) == ["access.refused"] * doors_asked


def test_her_own_administrator_and_officer_do_reach_those_doors(her, vss, signed_in_client):
    """The positive control of the probe above: the same doors answer her organisation."""
    admin = persona(Role.ADMINISTRATOR, vss)
    dpo = persona(Role.DATA_PROTECTION_OFFICER, vss)
    client = signed_in_client(admin)
    assert client.get(f"/organisation/members/{her.pk}/").status_code == 200
    assert HER_BROWSER in client.get(f"/organisation/members/{her.pk}/activity/").content.decode()
    dpo_page = signed_in_client(dpo).get(f"/organisation/members/{her.pk}/activity/")
    assert HER_BROWSER in dpo_page.content.decode()
    token = client.post(
        f"/organisation/api-tokens/?organisation={vss.pk}",
        {"name": "probe", "role": Role.CASE_WORKER, "expires_on": SOON},
    )
    assert token.status_code == 200
    assert ApiToken.objects.filter(organisation=vss).count() == 1
    response = client.post(f"/organisation/members/{her.pk}/recovery/", {"kind": "password"})
    assert response.status_code == 302
    assert RecoveryRequest.objects.filter(person=her).count() == 1


@pytest.mark.parametrize("reader_role", [Role.ADMINISTRATOR, Role.DATA_PROTECTION_OFFICER])
def test_granting_her_a_role_in_the_programme_does_not_open_her_security_log(
    her, pp, outside, signed_in_client, reader_role
):
    """The programme's administrator grants the shelter's worker a role in the programme (her
    e-mail address is all it takes, and she is not asked): she is then one of "his" people.
    Her security log (where and with what she signs in) stays out of reach of the programme's
    administrator and officer: it is read by those of every organisation where she holds a
    role, as recovery is (`recovery.recoverable_people`)."""
    admin = outside["administrator_pp"]
    admin_client = signed_in_client(admin)
    granted = admin_client.post(
        "/organisation/members/",
        {"organisation": pp.pk, "email": her.email, "role": Role.TRAINEE},
    )
    assert granted.status_code == 302  # granting in his own organisation is his to do
    assert Membership.objects.filter(user=her, organisation=pp, is_active=True).exists()
    reader = admin if reader_role == Role.ADMINISTRATOR else outside[f"{reader_role}_pp"]
    client = admin_client if reader == admin else signed_in_client(reader)
    response = client.get(f"/organisation/members/{her.pk}/activity/")
    assert response.status_code == 404
    assert HER_BROWSER not in response.content.decode()
    assert HER_ADDRESS not in response.content.decode()


def test_granting_her_a_role_in_the_programme_gives_no_hold_on_her_account(
    her, vss, pp, outside, signed_in_client
):
    """After the grant: recovery, and ending her shelter role, are still refused; deactivating
    her ends only the role he granted, and her account stays open."""
    admin = outside["administrator_pp"]
    client = signed_in_client(admin)
    client.post(
        "/organisation/members/",
        {"organisation": pp.pk, "email": her.email, "role": Role.CASE_WORKER},
    )
    shelter_role = her.memberships.get(organisation=vss)
    assert recovery.recoverable_people(admin).filter(pk=her.pk).exists() is False
    for kind in ("password", "authenticators"):
        response = client.post(f"/organisation/members/{her.pk}/recovery/", {"kind": kind})
        assert response.status_code == 404
    assert client.post("/organisation/members/", {"revoke": shelter_role.pk}).status_code == 404
    assert client.post(f"/organisation/members/{her.pk}/deactivate/").status_code == 302
    her.refresh_from_db()
    shelter_role.refresh_from_db()
    assert her.is_active
    assert shelter_role.is_active
    assert her.has_usable_password()
    assert not Membership.objects.filter(user=her, organisation=pp, is_active=True).exists()
    assert RecoveryRequest.objects.count() == 0


def test_a_pending_recovery_of_hers_is_decided_by_her_organisation_only(
    her, vss, outside, signed_in_client
):
    """Four eyes on the victim side: the request waits for a second shelter administrator.
    The programme's administrator and the unrelated one cannot approve or refuse it by id."""
    first, second = persona(Role.ADMINISTRATOR, vss), persona(Role.ADMINISTRATOR, vss)
    pending = recovery.request_recovery(actor=first, person=her, kind="password")
    assert pending.state == RecoveryRequest.State.PENDING
    for name in ("administrator_pp", "administrator_third"):
        client = signed_in_client(outside[name])
        for decision in ({"approve": "1"}, {"refuse": "1"}):
            response = client.post(f"/organisation/recovery/{pending.pk}/", decision)
            assert response.status_code == 404, (name, decision)
    pending.refresh_from_db()
    assert pending.state == RecoveryRequest.State.PENDING
    assert her.has_usable_password()
    response = signed_in_client(second).post(
        f"/organisation/recovery/{pending.pk}/", {"approve": "1"}
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    her.refresh_from_db()
    assert pending.state == RecoveryRequest.State.COMPLETED
    assert not her.has_usable_password()


def test_an_operator_without_a_role_reaches_no_account_page_and_no_case(
    her, world, signed_in_client
):
    """A platform operator runs the installation: the organisation pages, the data-protection
    pages and the case pages answer 403; the admin shows no security log of hers."""
    operator = persona(Role.TRAINEE)
    operator.memberships.update(is_active=False)
    User.objects.filter(pk=operator.pk).update(is_operator=True, is_staff=True, is_superuser=True)
    operator.refresh_from_db()
    client = signed_in_client(operator)
    for url in (
        f"/organisation/members/{her.pk}/",
        f"/organisation/members/{her.pk}/activity/",
        "/data-protection/",
        "/audit/",
        f"/cases/{world.case.pk}/",
        f"/cases/{world.case.pk}/timeline/",
    ):
        response = client.get(url)
        assert response.status_code == 403, url
    assert (
        client.post(f"/organisation/members/{her.pk}/recovery/", {"kind": "password"}).status_code
        == 403
    )
    assert client.get("/admin/").status_code == 200  # the positive control: his own door
    for url in ("/admin/", "/admin/accounts/user/", f"/admin/accounts/user/{her.pk}/change/"):
        body = client.get(url).content.decode()
        assert HER_BROWSER not in body, url
        assert HER_ADDRESS not in body, url
        assert not any(value in body for value in world.canaries.values()), url
