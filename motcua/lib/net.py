"""The address of the person behind a request, also behind the province's reverse proxy.

Every rate limit keys on this address. Behind a proxy REMOTE_ADDR is the proxy's own address,
shared by the whole province; the proxy passes the client's address in X-Forwarded-For. That
header is believed only when the request came from a proxy listed in settings.TRUSTED_PROXIES
(addresses or networks): anyone else could write any address into it and escape every limit.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(
        ipaddress.ip_network(item.strip(), strict=False) for item in proxies if item.strip()
    )


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    proxies = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    return any(ip in network for network in proxies)


def client_address(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or, when that is a trusted proxy, the nearest address
    in X-Forwarded-For that is not one (each proxy appends the address it received from)."""
    address = str(request.META.get("REMOTE_ADDR") or "")
    if not _trusted(address):
        return address
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        if not _is_address(hop):
            break  # a garbled header: keep the last address we can vouch for
        address = hop
        if not _trusted(hop):
            return hop
    return address


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
