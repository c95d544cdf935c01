"""The address in every link and QR code: the one the server really answers on, and a French
warning when a phone could not open it."""

import pytest

from ruralites import network
from ruralites.network import Listening, public_base_url

LAN = ("10.42.0.1", "192.168.1.20")  # a laptop's hotspot first, then the hall's network


@pytest.mark.parametrize(("listening", "configured", "lan", "url", "warns"), [
    # `serve --lan` on every interface, nothing configured: the Wi-Fi address and the real port
    (Listening("0.0.0.0", 8611), None, LAN, "http://10.42.0.1:8611", ()),
    # Streamlit's default (no address: every interface) behaves the same
    (Listening("", 8501), None, LAN, "http://10.42.0.1:8501", ()),
    # `serve --lan --address`: that address
    (Listening("192.168.1.20", 8611), None, LAN, "http://192.168.1.20:8611", ()),
    # the case: a stale localhost:8501 setting on a server answering on 8611
    (Listening("0.0.0.0", 8611), "http://localhost:8501", LAN, "http://10.42.0.1:8611",
     ("port 8501", "port 8611", "ne désigne que cet ordinateur", "utilisent donc l'adresse http://10.42.0.1:8611")),
    # a configured LAN address on the wrong port is replaced too
    (Listening("0.0.0.0", 8611), "http://192.168.1.20:8501", LAN, "http://10.42.0.1:8611",
     ("port 8501",)),
    # a public name (a reverse proxy in front of a central server) is kept as it is
    (Listening("127.0.0.1", 8501), "https://ruralites.exemple.fr", LAN,
     "https://ruralites.exemple.fr", ()),
    # a server listening on this computer only: links stay local and the screen says how to fix
    (Listening("127.0.0.1", 8611), None, LAN, "http://localhost:8611",
     ("n'écoute que sur cet ordinateur", "ruralites serve --lan --port 8611",
      "http://10.42.0.1:8611")),
    # no network at all: say so, point at the hotspot instructions
    (Listening("0.0.0.0", 8611), None, (), "http://localhost:8611",
     ("aucun réseau", "point d'accès Wi-Fi")),
    # outside a server (the CLI): the default port on the Wi-Fi address
    (None, None, LAN, "http://10.42.0.1:8501", ()),
])
def test_links_use_the_address_the_server_answers_on(listening, configured, lan, url, warns):
    address = public_base_url(listening, configured=configured, lan=lan)
    assert address.url == url
    said = " ".join(address.problems)
    for words in warns:
        assert words in said
    assert bool(address.problems) == bool(warns)


def test_a_replaced_address_is_offered_as_the_suggestion():
    address = public_base_url(Listening("", 8611), configured="http://127.0.0.1:8611", lan=LAN)
    assert address.suggestion == address.url == "http://10.42.0.1:8611"


@pytest.mark.parametrize(("host", "loopback"), [
    ("localhost", True), ("127.0.0.1", True), ("127.1.2.3", True), ("[::1]", True),
    ("0.0.0.0", True), ("10.42.0.1", False), ("ruralites.exemple.fr", False),
])
def test_loopback_hosts_are_recognised(host, loopback):
    assert network.is_loopback(host) is loopback


def test_this_computers_addresses_leave_out_the_loopback():
    assert all(not network.is_loopback(a) for a in network.local_addresses())
