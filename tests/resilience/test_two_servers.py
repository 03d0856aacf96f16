"""Two gunicorn servers on different ports, one database: a person's session moves between
them on every request (sign-in on one, the TOTP code on the other, each form saved on the
server that did not serve it). Nothing is kept in a server's memory: sessions live in the
database (django.contrib.sessions' default engine), the CSRF token in a cookie signed with
the shared secret key, rate limits in the database cache.
"""

import pytest

from tests.resilience import servers

pytestmark = [pytest.mark.load, pytest.mark.resilience]


def test_one_session_alternates_between_two_servers(capsys):
    url = servers.create_database("two")
    both: list[servers.Server] = []
    try:
        person = servers.prepare(url)[0]
        both = [servers.Server(url, workers=1).launch() for _ in range(2)]
        for server in both:
            server.wait()
        log = servers.alternate(person, [s.port for s in both], rounds=3)
    finally:
        for server in both:
            server.stop()
        servers.drop_database(url)
    with capsys.disabled():
        print(f"\nTwo servers: {len(log)} requests, ports {sorted({e[1] for e in log})}")
    wrong = [e for e in log if e[3] != (302 if e[0] == "POST" else 200)]
    assert wrong == []
    assert {entry[1] for entry in log} == {s.port for s in both}
    assert sum(1 for entry in log if entry[2].endswith("(saved)")) == 3
