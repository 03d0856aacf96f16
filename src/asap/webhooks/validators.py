"""Which addresses a webhook may be sent to: HTTPS on the public internet, nothing else.

A receiver's address is checked when it is registered and again before every attempt (its
name may resolve elsewhere by then). Every address the host name resolves to must be a
global one: loopback, private, link-local, shared, reserved and multicast addresses are
refused, so that the platform cannot be made to call into its own network (SSRF). The
delivery then connects to an address checked here, never to a second lookup's answer.
`ASAP_WEBHOOKS_ALLOW_LOOPBACK` (tests, the demo; refused in production) admits loopback
receivers, over plain HTTP too.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


@dataclass(frozen=True)
class Target:
    """Where one delivery goes: the URL's parts and the checked address to connect to."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


def _loopback_allowed() -> bool:
    return bool(getattr(settings, "ASAP_WEBHOOKS_ALLOW_LOOPBACK", False))


def _unmapped(address: Address) -> Address:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _loopback(address: Address) -> bool:
    return _unmapped(address).is_loopback


def _refused(address: Address) -> bool:
    """Whether `address` is one the platform never calls (anything but a global address;
    loopback only while the setting admits it)."""
    if _loopback(address) and _loopback_allowed():
        return False
    address = _unmapped(address)
    return not address.is_global or address.is_multicast


def _resolve(host: str, port: int) -> list[Address]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise ValidationError(
            _("This address's host name could not be found."), code="unresolved"
        ) from None
    # getaddrinfo's answer for IPv6 may carry a zone ("fe80::1%eth0"): keep the address.
    return [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]


def check_url(url: str) -> Target:
    """The checked target of `url`; ValidationError saying what is wrong otherwise."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationError(_("Enter a valid address."), code="invalid") from None
    host = parts.hostname or ""
    if not host or parts.username or parts.password:
        raise ValidationError(
            _("Enter an address with a host name and without a user name or password."),
            code="invalid",
        )
    if parts.scheme != "https" and not (parts.scheme == "http" and _loopback_allowed()):
        raise ValidationError(_("The address must begin with https://."), code="scheme")
    addresses = _resolve(host, port or 443)
    if not addresses or any(_refused(address) for address in addresses):
        raise ValidationError(
            _(
                "This address points into a private, local or reserved network: the platform "
                "sends events only to addresses on the public internet."
            ),
            code="private",
        )
    if parts.scheme == "http" and not all(_loopback(a) for a in addresses):
        raise ValidationError(_("The address must begin with https://."), code="scheme")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    default = 443 if parts.scheme == "https" else 80
    return Target(parts.scheme, host, port or default, path, str(addresses[0]))
