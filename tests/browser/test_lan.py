"""`ruralites serve --lan`: a tablet on the hall's network opens the app at the laptop's address,
and the staff screen shows that address with its QR code; the links made use it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from ruralites import auth, network
from ruralites.listening import kiosk
from tests.browser.conftest import (
    PASSWORD,
    PHONE,
    ROOT,
    SCREENSHOTS,
    TABLET,
    _free_port,
    click,
    log_in,
    new_page,
    open_app,
    open_database,
    screenshot,
)

pytestmark = pytest.mark.browser


def _serve_lan(tmp_path_factory, name: str, settings: dict[str, str]):
    """`ruralites serve --lan` with the demo and an animatrice, reached at the LAN address."""
    addresses = network.local_addresses()
    if not addresses:
        pytest.skip("cet ordinateur n'a pas d'adresse sur un réseau")
    data_dir = tmp_path_factory.mktemp(name)
    db = open_database(data_dir, with_demo=True)
    with db.write() as s:
        auth.create_user(s, username="anne", display_name="Anne Animatrice", password=PASSWORD,
                         role="staff")
    db.engine.dispose()
    port = _free_port()
    env = {**os.environ, "RURALITES_DATA_DIR": str(data_dir)}
    env.pop("RURALITES_PUBLIC_URL", None)
    env.pop("RURALITES_DATABASE_URL", None)
    env.update(settings)
    log = open(data_dir / "serve.log", "wb")  # noqa: SIM115
    process = subprocess.Popen([sys.executable, "-m", "ruralites.cli", "serve", "--lan",
                                "--port", str(port)], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://{addresses[0]}:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):  # noqa: S310
                break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError((data_dir / "serve.log").read_text()) from None
            time.sleep(0.3)
    return process, url, data_dir


def _stop(process) -> None:
    os.killpg(process.pid, 15)
    process.wait(10)


@pytest.fixture(scope="module")
def lan_server(tmp_path_factory):
    process, url, data_dir = _serve_lan(tmp_path_factory, "lan", {})
    yield url, data_dir
    _stop(process)


@pytest.fixture(scope="module")
def stale_setting_server(tmp_path_factory):
    """The issue's case: the settings still say localhost:8501, the server answers elsewhere."""
    process, url, data_dir = _serve_lan(tmp_path_factory, "stale",
                                        {"RURALITES_PUBLIC_URL": "http://localhost:8501"})
    yield url, data_dir
    _stop(process)


def test_serve_lan_prints_the_address_tablets_open(lan_server):
    url, data_dir = lan_server
    printed = (data_dir / "serve.log").read_text()
    assert f"Adresse des tablettes et des téléphones : {url}" in printed


def _staff_on(browser, url: str, menu_entry: str):
    """Anne logs in from a tablet on the hall's network and opens a screen from the menu."""
    page = new_page(browser, TABLET)
    open_app(page, url)
    log_in(page)
    click(page.get_by_role("link", name=menu_entry, exact=True))
    return page


@pytest.mark.parametrize(("viewport", "name"), [(TABLET, "tablet"), (PHONE, "phone")])
def test_staff_screen_shows_the_lan_address_and_its_qr_code(lan_server, browser, viewport, name):
    url, _ = lan_server
    page = _staff_on(browser, url, "Réseau local")
    page.set_viewport_size(viewport)
    try:
        expect(page.get_by_role("heading", name="Réseau local de la soirée")).to_be_visible()
        expect(page.locator("code").filter(has_text=url)).to_have_count(1)
        expect(page.get_by_text("⚠️")).to_have_count(0)
        qr = page.get_by_role("img").last
        src = qr.get_attribute("src")
        shown = page.request.get(src if src.startswith("http") else f"{url}{src}").body()
        assert shown == kiosk.qr_png(url)  # the QR code is that address, byte for byte
        screenshot(page, f"lan-address-{name}")
    finally:
        page.context.close()


def test_collect_links_made_on_the_lan_open_from_a_tablet(lan_server, browser):
    url, _ = lan_server
    page = _staff_on(browser, url, "Recueillir les réponses")
    try:
        click(page.get_by_role("button", name="Créer le lien"))
        tablet_link = page.locator("code").filter(has_text="mode=tablette").inner_text().strip()
        assert tablet_link.startswith(f"{url}/?k=")
        screenshot(page, "lan-collect-links")
    finally:
        page.context.close()
    tablet = new_page(browser, TABLET)
    try:
        open_app(tablet, tablet_link)
        expect(tablet.get_by_role("heading", name="Pour mieux vous connaître")).to_be_visible()
        expect(tablet.get_by_text("Étape 1 sur 5", exact=True)).to_be_visible()
    finally:
        tablet.context.close()


def test_a_stale_localhost_setting_is_said_and_the_links_use_the_real_address(
        stale_setting_server, browser):
    url, _ = stale_setting_server
    port = url.rsplit(":", 1)[1]
    page = _staff_on(browser, url, "Recueillir les réponses")
    try:
        click(page.get_by_role("button", name="Créer le lien"))
        warning = page.get_by_text("visent le port 8501, mais l'application répond sur le port "
                                   f"{port}", exact=False)
        expect(warning).to_have_count(1)
        expect(page.get_by_text(f"Les liens et QR codes utilisent donc l'adresse {url}.",
                                exact=False)).to_have_count(1)
        links = page.locator("code").filter(has_text="?k=")
        expect(links).to_have_count(2)
        assert all(text.strip().startswith(f"{url}/?k=") for text in links.all_inner_texts())
        warning.scroll_into_view_if_needed()
        page.screenshot(path=str(SCREENSHOTS / "lan-stale-setting-warning.png"))
    finally:
        page.context.close()
