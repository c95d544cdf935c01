"""Links made on a server answering on 8611 while the settings still say localhost:8501: the
collection page says so in French and its links and QR codes use the right address."""

import pytest
from streamlit import config

from ruralites import network
from tests.pages.conftest import logged_in_app, page_app, texts


@pytest.fixture
def on_port_8611(monkeypatch):
    """The server options of `ruralites serve --lan --port 8611`, on a laptop's hotspot."""
    before = config.get_option("server.port"), config.get_option("server.address")
    config.set_option("server.port", 8611)
    config.set_option("server.address", "0.0.0.0")
    monkeypatch.setattr(network, "local_addresses", lambda: ("10.42.0.1",))
    monkeypatch.setenv("RURALITES_PUBLIC_URL", "http://localhost:8501")
    yield
    config.set_option("server.port", before[0])
    config.set_option("server.address", before[1])


def _staff_page(db, path):
    staff = logged_in_app(db, role="staff", username="anim")
    return page_app(path, staff.session_state["ruralites_token"])


def test_collect_links_use_the_real_port_and_say_what_was_wrong(demo_db, on_port_8611):
    page = _staff_page(demo_db, "pages.collect.render").run()
    [create] = [b for b in page.button if b.label == "Créer le lien"]
    create.click()
    page.run()
    shown = texts(page)
    assert "visent le port 8501, mais l'application répond sur le port 8611" in shown
    assert "Les liens et QR codes utilisent donc l'adresse http://10.42.0.1:8611." in shown
    codes = [c.value for c in page.code]
    assert len(codes) == 2 and all(c.startswith("http://10.42.0.1:8611/?k=") for c in codes)
    assert not any("localhost" in c for c in codes)


def test_network_page_shows_the_address_for_the_tablets(demo_db, on_port_8611, monkeypatch):
    monkeypatch.delenv("RURALITES_PUBLIC_URL")
    page = _staff_page(demo_db, "pages.offline.render_network").run()
    assert "Réseau local de la soirée" in texts(page)
    assert [c.value for c in page.code] == ["http://10.42.0.1:8611"]
    assert not page.warning


def test_network_page_warns_when_the_server_listens_on_this_computer_only(demo_db, monkeypatch):
    config.set_option("server.address", "127.0.0.1")
    try:
        monkeypatch.setattr(network, "local_addresses", lambda: ("10.42.0.1",))
        page = _staff_page(demo_db, "pages.offline.render_network").run()
    finally:
        config.set_option("server.address", None)
    [warning] = page.warning
    assert "L'application n'écoute que sur cet ordinateur" in warning.value
    assert "ruralites serve --lan --port 8501" in warning.value
    assert "http://10.42.0.1:8501" in warning.value
