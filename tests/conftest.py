import pytest
from django.test import Client

from asap.accounts.enums import OrganisationKind, Role
from asap.core.audit import GENESIS_HASH
from asap.core.models import AuditHead
from asap.core.scopes import NAMED_SCOPES
from tests.factories import PASSWORD, OrganisationFactory, current_code, persona, totp_secret_for

# Tests set up and inspect their own rows of case content in this scope. It exists only in
# the test suite: the platform's own NAMED_SCOPES do not hold it.
NAMED_SCOPES["test"] = "a test sets up or inspects its own rows (the test suite only)"


@pytest.fixture(autouse=True)
def _data_keys(settings, tmp_path):
    """Each test forgets the data keys unwrapped by the one before (its rows are rolled
    back), keeps its erasure ledger in its own folder, outside the repository, and starts in
    the default language."""
    from django.utils import translation

    from asap.core import datakeys

    settings.ASAP_ERASURE_LEDGER_FILE = tmp_path / "outside-the-data-dir" / "erasure-ledger.jsonl"
    datakeys.clear_cache()
    # A service that wrote in a person's language may leave it active in this thread.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    datakeys.clear_cache()
    translation.deactivate()


@pytest.fixture
def vss():
    return OrganisationFactory(
        name="Safe Harbour (test)", kind=OrganisationKind.VICTIM_SUPPORT_SERVICE
    )


@pytest.fixture
def pp():
    return OrganisationFactory(name="New Paths (test)", kind=OrganisationKind.PERPETRATOR_PROGRAMME)


@pytest.fixture
def vss_worker(vss):
    return persona(Role.CASE_WORKER, vss)


@pytest.fixture
def pp_worker(pp):
    return persona(Role.CASE_WORKER, pp)


@pytest.fixture
def coordinator(pp):
    return persona(Role.COORDINATOR, pp)


@pytest.fixture
def dpo(vss):
    return persona(Role.DATA_PROTECTION_OFFICER, vss)


@pytest.fixture
def administrator(vss):
    from asap.accounts import services

    user = persona(Role.CASE_WORKER, vss)
    services.grant_role(actor=None, user=user, organisation=vss, role=Role.ADMINISTRATOR)
    return user


@pytest.fixture
def outsider():
    """A worker of an unrelated agency."""
    return persona(Role.CASE_WORKER)


def sign_in(client: Client, user, *, password: str = PASSWORD) -> None:
    """Sign in the way a person does: e-mail and password, then a TOTP code (the current
    step's; when a sign-in earlier in the test used it, a neighbouring step's, which allauth
    accepts too: MFA_TOTP_TOLERANCE = 1, and refuses a code used once)."""
    response = client.post("/accounts/login/", {"login": user.email, "password": password})
    assert response.status_code == 302, response.content[:500]
    if response["Location"].startswith("/accounts/2fa/authenticate/"):
        for offset in (0, 1, -1):
            code = current_code(totp_secret_for(user), offset=offset)
            response = client.post("/accounts/2fa/authenticate/", {"code": code})
            if response.status_code == 302:
                break
        assert response.status_code == 302, response.content[:500]


def force_login_past_mfa(client: Client, user, *, backend: str | None = None) -> None:
    """`client.force_login(user)`, past two-factor authentication as a sign-in with the code
    leaves the session: allauth's authentication record "mfa" (a force_login alone has none,
    and the platform signs out a session that never passed its user's authenticator). The
    record is older than ACCOUNT_REAUTHENTICATION_TIMEOUT: signed in a while ago, with no
    recent re-authentication (`reauthenticate` adds one)."""
    import time

    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.mfa.models import Authenticator
    from django.conf import settings

    client.force_login(user, backend=backend)
    signed_in_at = time.time() - settings.ACCOUNT_REAUTHENTICATION_TIMEOUT - 60
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    session = client.session
    # Naming the authenticator passed, as allauth's record does (one since removed counts
    # for nothing: asap.core.middleware.passed_authenticators).
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "mfa", "at": signed_in_at, "type": "totp", "id": totp.pk if totp else None}
    ]
    # allauth counts the records for the user they name (as record_authentication writes).
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


def reauthenticate(client: Client, *, password: str = PASSWORD) -> None:
    """Confirm the password again, as allauth asks before a sensitive action."""
    response = client.post("/accounts/reauthenticate/", {"password": password})
    assert response.status_code == 302, response.content[:500]


@pytest.fixture
def signed_in_client():
    """A client signed in as `user`, who has just re-authenticated."""

    def make(user) -> Client:
        client = Client()
        sign_in(client, user)
        reauthenticate(client)
        return client

    return make


@pytest.fixture
def renders(monkeypatch):
    """Every layout of a PDF (WeasyPrint's part), counted and passed through: the HTML of
    each, in order."""
    from asap.core import pdf

    laid_out = []
    lay_out = pdf.pdf_from_html

    def counting(html, **kwargs):
        laid_out.append(html)
        return lay_out(html, **kwargs)

    monkeypatch.setattr(pdf, "pdf_from_html", counting)
    return laid_out


@pytest.fixture
def content_read_while_rendering():
    """`read(client, url)`: the response of a GET, the case-content tables its SQL named, and
    those named while a template rendered (a template tag or a lazy read in the template)."""
    from unittest import mock

    from django.apps import apps
    from django.db import connection
    from django.template.backends.django import Template

    from asap.core.scopes import CaseContentManager

    content_tables = {
        model._meta.db_table
        for model in apps.get_models()
        if isinstance(model._default_manager, CaseContentManager)
    }

    def tables(statements):
        return {t for t in content_tables for sql in statements if f'"{t}"' in sql}

    def read(client, url):
        rendering: list[str] = []
        everything: list[str] = []

        def noted(execute, sql, params, many, context):
            everything.append(sql)
            return execute(sql, params, many, context)

        def watched(execute, sql, params, many, context):
            rendering.append(sql)
            return execute(sql, params, many, context)

        render = Template.render

        def render_watched(self, *args, **kwargs):
            with connection.execute_wrapper(watched):
                return render(self, *args, **kwargs)

        with (
            mock.patch.object(Template, "render", render_watched),
            connection.execute_wrapper(noted),
        ):
            response = client.get(url)
        return response, tables(everything), tables(rendering)

    return read


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def world(db):
    """A joint case with every persona around it and canaries in its protected fields."""
    from tests.cases.world import build_world

    return build_world()


def _transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    flagged = marker is not None and (
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    names = set(request.fixturenames)
    return bool(flagged) or bool(names & {"transactional_db", "live_server", "audit_head"})


@pytest.fixture(autouse=True)
def _audit_head_after_a_flush(request):
    """The audit chain's head row, for a test in a transaction. A transactional test empties
    every table when it ends; pytest-django runs those last, but xdist's worksteal can hand a
    worker that ran one a test queued before it, which would find no head (every service
    writes an audit row). Put back as the migration leaves it, inside the test's transaction.
    Transactional tests put it back themselves (`audit_head`)."""
    uses_db = "db" in request.fixturenames or request.node.get_closest_marker("django_db")
    if uses_db and not _transactional(request):
        request.getfixturevalue("db")
        AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS_HASH})


@pytest.fixture
def audit_head(transactional_db):
    """The head of the audit chain, as the migration leaves it. A transactional test empties
    every table when it ends, this row too, and every service writes an audit row; so a
    transactional test (the browser tests, the concurrent edits) puts the row back first."""
    AuditHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS_HASH})
