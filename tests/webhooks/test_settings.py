"""ASAP_WEBHOOKS_ALLOW_LOOPBACK is for tests and the demo: production refuses to start with it."""

from tests.core.test_settings import _run


def test_production_refuses_loopback_receivers():
    result = _run("check", ASAP_WEBHOOKS_ALLOW_LOOPBACK="true")
    assert result.returncode != 0
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("Configuration error: ")
    assert "ASAP_WEBHOOKS_ALLOW_LOOPBACK" in line
    assert _run("check", ASAP_WEBHOOKS_ALLOW_LOOPBACK="false").returncode == 0
