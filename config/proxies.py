"""Which addresses are our own proxies: read once here for gunicorn and for Django.

gunicorn (config/gunicorn.py, `forwarded_allow_ips`) believes X-Forwarded-Proto only from
these addresses; the login lockout (config.admin_security.client_ip_address) believes
X-Forwarded-For only from them. One list, so the two can never disagree
(docs/decisions/0005-admin-hardening.md, "Only from our proxy").
Plain Python, no Django: gunicorn's config file imports it before Django is set up.
"""

import ipaddress
import os

ENV_NAME = "GUNICORN_FORWARDED_ALLOW_IPS"
DEFAULT = "127.0.0.1"


def forwarded_allow_ips(environ: dict[str, str] | None = None) -> list[str]:
    """The configured proxy addresses or networks (CIDR), or ["*"] for "any peer".

    Raises ValueError for an entry that is neither, as gunicorn does at start-up.
    """
    value = (os.environ if environ is None else environ).get(ENV_NAME, DEFAULT)
    entries = [entry.strip() for entry in value.split(",") if entry.strip()]
    for entry in entries:
        if entry != "*":
            ipaddress.ip_network(entry)  # strict, like gunicorn: 10.0.0.1/8 is a mistake
    return entries


def is_trusted_proxy(address: str | None, allowed: list[str]) -> bool:
    """Whether a peer at `address` (REMOTE_ADDR) is one of the `allowed` proxies.

    As in gunicorn (gunicorn.http.message._ip_in_allow_list), "*" trusts every peer, and a
    peer with an empty address is a UNIX socket, which only processes on this machine (the
    proxy) can reach: gunicorn trusts those, and so do we. Anything else that is not an IP
    address is not trusted.
    """
    if "*" in allowed or address == "":
        return True
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(entry) for entry in allowed)
