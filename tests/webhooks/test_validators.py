"""Which addresses a webhook may go to: HTTPS on the public internet; loopback only with
ASAP_WEBHOOKS_ALLOW_LOOPBACK (tests and the demo)."""

import pytest
from django.core.exceptions import ValidationError

from asap.webhooks.validators import check_url

PUBLIC = "https://93.184.215.14/hooks/asap"  # a global address: no name to look up


def refusal(url: str) -> str:
    with pytest.raises(ValidationError) as refused:
        check_url(url)
    return refused.value.code


def test_an_https_address_on_the_public_internet_is_accepted():
    target = check_url(PUBLIC + "?system=police")
    assert (target.scheme, target.host, target.port, target.path, target.address) == (
        "https",
        "93.184.215.14",
        443,
        "/hooks/asap?system=police",
        "93.184.215.14",
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://93.184.215.14/hooks/asap",
        "ftp://93.184.215.14/hooks/asap",
        "http://127.0.0.1:8080/hooks",
        "http://localhost:8080/hooks",
    ],
)
def test_anything_but_https_is_refused(url):
    assert refusal(url) == "scheme"


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hooks",
        "https://localhost/hooks",  # a name that resolves to loopback
        "https://[::1]/hooks",
        "https://[::ffff:127.0.0.1]/hooks",
        "https://10.1.2.3/hooks",
        "https://172.16.0.9/hooks",
        "https://192.168.1.20/hooks",
        "https://169.254.169.254/latest/meta-data",  # the cloud's metadata service
        "https://[fe80::1]/hooks",
        "https://[fd00::1]/hooks",
        "https://100.64.0.1/hooks",
        "https://0.0.0.0/hooks",
        "https://224.0.0.1/hooks",
    ],
)
def test_loopback_private_link_local_and_reserved_addresses_are_refused(url):
    assert refusal(url) == "private"


def test_a_user_name_or_password_in_the_address_is_refused():
    assert refusal("https://someone:secret@93.184.215.14/hooks") == "invalid"


def test_an_unknown_host_name_is_refused():
    assert refusal("https://no-such-host.invalid/hooks") == "unresolved"


def test_the_setting_admits_loopback_receivers_over_http_and_nothing_private(loopback):
    assert check_url("http://127.0.0.1:8080/hooks").address == "127.0.0.1"
    assert check_url("http://localhost:8080/hooks").port == 8080
    assert refusal("http://10.1.2.3/hooks") == "private"
    assert refusal("http://93.184.215.14/hooks") == "scheme"  # plain HTTP: loopback only
