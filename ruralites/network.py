"""The address tablets and phones open: one rule, used by every link and QR code (collection
page, projection, posters, registration links, the CLI).

At an evening in a village hall the laptop serves the app on the local network (a hall's Wi-Fi
or the laptop's own hotspot). A link that says `localhost`, or a port the server does not listen
on, opens nothing on a phone: `public_base_url` builds the address from the server's own options
and says in French what is wrong with a configured one, with the address to use instead."""

from __future__ import annotations

import ipaddress
import os
import socket
import struct
import sys
from dataclasses import dataclass, field
from urllib.parse import urlsplit

DEFAULT_PORT = 8501
ALL_INTERFACES = ("", "0.0.0.0", "::")  # noqa: S104 — the values that mean "every interface"
# Interfaces that never reach a tablet: containers, virtual machines, VPN tunnels.
_VIRTUAL = ("lo", "docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "tun", "tap", "wg")


@dataclass(frozen=True)
class Listening:
    """Where the running server listens: its `server.address` ("" for every interface) and port."""

    address: str
    port: int


@dataclass(frozen=True)
class PublicAddress:
    url: str  # the base of every link, without a trailing slash
    problems: tuple[str, ...] = ()  # French sentences: why a phone could not open `url`
    suggestion: str | None = None  # the address to use instead, when one is known
    lan: tuple[str, ...] = field(default=())  # every address of this computer on a network


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in ("localhost", "0.0.0.0", ""):  # noqa: S104 — compared, never bound
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host.endswith(".localhost")


def _interface_address(name: str) -> str | None:
    """The IPv4 address of one interface (Linux: the SIOCGIFADDR ioctl)."""
    import fcntl

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            packed = fcntl.ioctl(s.fileno(), 0x8915, struct.pack("256s", name[:15].encode()))
        except OSError:  # the interface has no IPv4 address
            return None
    return socket.inet_ntoa(packed[20:24])


def local_addresses() -> tuple[str, ...]:
    """This computer's IPv4 addresses on a network, Wi-Fi first (the hotspot or the hall's
    network), never the loopback or a container bridge."""
    found: list[tuple[int, str]] = []
    if sys.platform.startswith("linux"):
        for _, name in socket.if_nameindex():
            if name.startswith(_VIRTUAL):
                continue
            address = _interface_address(name)
            if address and not is_loopback(address):
                found.append((0 if name.startswith("wl") else 1, address))
    if not found:  # another system, or no interface readable: ask the resolver
        try:
            infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        except OSError:
            infos = []
        found = [(1, str(info[4][0])) for info in infos if not is_loopback(str(info[4][0]))]
    return tuple(dict.fromkeys(address for _, address in sorted(found, key=lambda f: f[0])))


def configured_url() -> str | None:
    """RURALITES_PUBLIC_URL when it is set (a reverse proxy, a fixed name), else None."""
    return (os.environ.get("RURALITES_PUBLIC_URL") or "").strip().rstrip("/") or None


def _port_of(url: str) -> int:
    parts = urlsplit(url)
    return parts.port or (443 if parts.scheme == "https" else 80)


def public_base_url(listening: Listening | None = None, *, configured: str | None = None,
                    lan: tuple[str, ...] | None = None) -> PublicAddress:
    """The base of every link for tablets and phones, and what is wrong with it.

    `listening` is the running server's address and port (None outside a server, e.g. the CLI);
    `configured` is RURALITES_PUBLIC_URL; `lan` this computer's network addresses (read from the
    system when None). A configured address is kept unless it points at this computer through
    `localhost` or at a port the server does not listen on: then a reachable address replaces it
    when there is one, and the problem is said either way."""
    lan = local_addresses() if lan is None else lan
    port = listening.port if listening else DEFAULT_PORT
    reachable: str | None = None  # what a phone on the same network can open
    if listening is None or listening.address in ALL_INTERFACES:
        reachable = f"http://{lan[0]}:{port}" if lan else None
    elif not is_loopback(listening.address):
        reachable = f"http://{listening.address}:{port}"
    problems: list[str] = []
    if configured:
        host = urlsplit(configured).hostname or ""
        ours = is_loopback(host) or host in lan or (listening and host == listening.address)
        if listening and ours and _port_of(configured) != listening.port:
            problems.append(f"Les liens indiqués par RURALITES_PUBLIC_URL ({configured}) visent le "
                            f"port {_port_of(configured)}, mais l'application répond sur le port "
                            f"{listening.port} : ils n'ouvriraient rien.")
        if is_loopback(host):
            problems.append(f"L'adresse {configured} ne désigne que cet ordinateur : une tablette "
                            "ou un téléphone ne peut pas l'ouvrir.")
        if not problems:
            return PublicAddress(configured, (), None, lan)
    if reachable is None:
        local = f"http://localhost:{port}"
        if listening is not None and listening.address not in ALL_INTERFACES:
            then = f" : son adresse sera alors http://{lan[0]}:{port}" if lan else ""
            problems.append("L'application n'écoute que sur cet ordinateur : les tablettes et les "
                            "téléphones ne peuvent pas la joindre. Relancez-la avec "
                            f"« ruralites serve --lan --port {port} »{then}.")
        else:
            problems.append("Cet ordinateur n'est relié à aucun réseau : connectez-le au Wi-Fi de "
                            "la salle ou créez un point d'accès Wi-Fi (voir le README, « Soirée "
                            "sans internet »).")
        wrong_port = bool(configured and listening and _port_of(configured) != listening.port)
        url = local if wrong_port or not configured else configured
        return PublicAddress(url, tuple(problems), None, lan)
    if problems:
        problems.append(f"Les liens et QR codes utilisent donc l'adresse {reachable}.")
    return PublicAddress(reachable, tuple(problems), reachable if problems else None, lan)


def current(listening: Listening | None = None) -> PublicAddress:
    """`public_base_url` with this computer's settings (RURALITES_PUBLIC_URL, its networks)."""
    return public_base_url(listening, configured=configured_url())
