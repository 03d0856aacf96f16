"""Seeding and checking a database of the crash and load tests, run in its own process:

    DATABASE_URL=… python -m tests.resilience.seed seed USERS CASES_EACH
    DATABASE_URL=… python -m tests.resilience.seed prepare USERS CASES_EACH
    DATABASE_URL=… python -m tests.resilience.seed verify ACKED_FILE

`seed` makes USERS case workers of one victim support service (TOTP enrolled), each with
CASES_EACH cases joined by a perpetrator programme, every case with two joint actions;
prints JSON. `prepare` first installs the schema (migrate, then the cache table, as
docs/deployment.md does), in the same process. `verify` reads the needs of the
acknowledged actions (one a line) and prints what is missing, the database's integrity
check, the row/audit consistency and the audit chain's verification, as JSON.
"""

import datetime
import json
import sys

import django


def seed(users: int, cases_each: int) -> dict:
    import secrets

    from asap.accounts.enums import OrganisationKind, Role
    from asap.cases import access, services
    from asap.plans import services as plans
    from tests.factories import (
        MembershipFactory,
        OrganisationFactory,
        agreement_between,
        enrol_totp,
        totp_secret_for,
    )

    # Names and addresses of their own: the database may hold `asap bench seed` data too.
    tag = secrets.token_hex(3)

    def worker(organisation, name: str):
        email = f"load-{tag}-{name}@example.org"
        user = MembershipFactory(
            role=Role.CASE_WORKER, organisation=organisation, user__email=email
        ).user
        enrol_totp(user)
        return user

    vss_org = OrganisationFactory(
        kind=OrganisationKind.VICTIM_SUPPORT_SERVICE, name=f"Load VSS {tag}"
    )
    pp_org = OrganisationFactory(kind=OrganisationKind.PERPETRATOR_PROGRAMME, name=f"Load PP {tag}")
    agreement_between(vss_org, pp_org)
    pp = worker(pp_org, "pp")
    people = []
    for number in range(users):
        vss = worker(vss_org, str(number))
        cases = []
        for index in range(cases_each):
            case = services.open_case(
                actor=vss,
                organisation=vss_org,
                perpetrator_name=f"Man {number}-{index}",
                victim_name=f"Woman {number}-{index}",
                programme_start=datetime.date(2026, 1, 12),
            )
            door = access.case_for(vss, case.pk)
            services.invite_agency(actor=vss, access=door, organisation=pp_org)
            invitation = access.invitations_for(pp).get(organisation=pp_org, case=case)
            services.accept_invitation(actor=pp, invitation=invitation, member=pp)
            actions = [
                plans.add_action(
                    actor=vss,
                    access=access.case_for(vss, case.pk),
                    need=f"Need {n} of case {case.pk}",
                    action="Meet weekly",
                    term=datetime.date(2026, 3, 1) + datetime.timedelta(days=n),
                    responsible="Both agencies",
                    responsible_user=None,
                    compartment="joint",
                ).pk
                for n in range(2)
            ]
            cases.append({"case": case.pk, "actions": actions})
        people.append({"email": vss.email, "secret": totp_secret_for(vss), "cases": cases})
    return {"users": people}


def integrity() -> str:
    """SQLite: PRAGMA integrity_check and foreign_key_check. PostgreSQL: amcheck's B-tree
    check of every index of the schema, if the extension can be made; else the same
    foreign-key check Django runs."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA integrity_check")
            result = ",".join(row[0] for row in cursor.fetchall())
            cursor.execute("PRAGMA foreign_key_check")
            broken = cursor.fetchall()
            return result if not broken else f"{result}; foreign keys broken: {broken[:5]}"
        cursor.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        cursor.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE a.amname = 'btree' AND n.nspname = 'public'"
        )
        indexes = [row[0] for row in cursor.fetchall()]
        for index in indexes:
            cursor.execute("SELECT bt_index_check(%s::regclass, true)", [index])
        connection.check_constraints()
        return f"ok (amcheck: {len(indexes)} indexes)"


def verify(acked_file: str) -> dict:
    from asap.core import audit
    from asap.core.models import AuditEvent
    from asap.core.scopes import named_scope
    from asap.plans.models import ActionItem
    from tests.conftest import NAMED_SCOPES  # noqa: F401  (the suite's "test" scope, here too)

    with open(acked_file, encoding="utf-8") as lines:
        acked = {line.strip() for line in lines if line.strip()}
    with named_scope("test"):
        stored = {item.need for item in ActionItem.objects.all()}
        actions = ActionItem.objects.count()
    added = AuditEvent.objects.filter(action="plan.action_add").count()
    checked = audit.verify()
    return {
        "acknowledged": len(acked),
        "missing": sorted(acked - stored)[:20],
        "rows": len(stored),
        "actions": actions,
        "audited_adds": added,
        "integrity": integrity(),
        "audit": {"checked": checked.checked, "ok": checked.ok, "reason": checked.reason},
    }


if __name__ == "__main__":
    django.setup()
    command, *arguments = sys.argv[1:]
    if command == "prepare":
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        command = "seed"
    if command == "seed":
        print(json.dumps(seed(int(arguments[0]), int(arguments[1]))))
    else:
        print(json.dumps(verify(arguments[0])))
