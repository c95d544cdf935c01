"""The running server's address for links and QR codes (the rule is `ruralites.network`), and
the French warning shown wherever a link is made when a phone could not open it."""

from __future__ import annotations

import streamlit as st
from streamlit import config

from ruralites import network


def listening() -> network.Listening:
    """Where this Streamlit server listens (its `server.address` and `server.port` options)."""
    return network.Listening(str(config.get_option("server.address") or ""),
                             int(config.get_option("server.port")))


def public_address() -> network.PublicAddress:
    return network.current(listening())


def base_url() -> str:
    """The base of every link and QR code this server makes."""
    return public_address().url


def address_notice(address: network.PublicAddress | None = None) -> network.PublicAddress:
    """Says plainly when tablets and phones could not open the links, and the address to use."""
    address = address or public_address()
    if address.problems:  # no key: a page may show it twice (two tabs that make links)
        st.warning("⚠️ " + "\n\n".join(address.problems))
    return address
