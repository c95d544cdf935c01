"""Staff carry an evening's data as a bundle: download it on the laptop, upload it on the
central instance; the same bundle twice stores nothing twice; an altered one is refused."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ruralites import auth
from tests.browser.conftest import (
    PASSWORD,
    TABLET,
    AppServer,
    click,
    log_in,
    new_page,
    open_app,
    rerun,
    screenshot,
)

pytestmark = pytest.mark.browser


def _server(tmp_path_factory, name: str, with_demo: bool) -> AppServer:
    server = AppServer(tmp_path_factory.mktemp(name))
    with server.database(with_demo=with_demo).write() as s:
        auth.create_user(s, username="anne", display_name="Anne Animatrice", password=PASSWORD,
                         role="admin")
    return server.start()


@pytest.fixture(scope="module")
def laptop_and_central(tmp_path_factory):
    laptop = _server(tmp_path_factory, "portable", True)
    central = _server(tmp_path_factory, "central", False)
    yield laptop, central
    laptop.stop()
    central.stop()


def _bundles_page(browser, server: AppServer):
    page = new_page(browser, TABLET)
    open_app(page, server.url)
    log_in(page)
    click(page.get_by_role("link", name="Paquets de soirée", exact=True))
    expect(page.get_by_role("heading", name="Paquets de soirée")).to_be_visible()
    return page


def _upload(page, path) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Browse files").or_(
            page.get_by_test_id("stFileUploaderDropzone")).first.click()
    with rerun(page):  # the upload makes the page run again
        chooser.value.set_files(str(path))


def test_an_evening_goes_to_the_central_instance_once(laptop_and_central, browser, tmp_path):
    laptop, central = laptop_and_central
    page = _bundles_page(browser, laptop)
    page.get_by_label("Données de").click()
    click(page.get_by_role("option", name="28/02/2019 — Plufur — Soirée d'écoute des habitants"))
    click(page.get_by_role("button", name="Préparer le paquet"))
    expect(page.get_by_text("Paquet de la soirée « Soirée d'écoute des habitants » du 28 "
                            "février 2019", exact=False)).to_have_count(1)
    screenshot(page, "bundles-1-export")
    with page.expect_download() as download:
        page.get_by_role("button", name="Télécharger le paquet").click()
    bundle = tmp_path / download.value.suggested_filename
    download.value.save_as(bundle)
    assert bundle.name.startswith("ruralites-en-tregor-soiree-1-") and bundle.suffix == ".ruralites"
    page.context.close()

    page = _bundles_page(browser, central)
    for expected in ("Réponses : 42 ajoutée(s), 0 déjà présente(s).",
                     "Réponses : 0 ajoutée(s), 42 déjà présente(s)."):
        _upload(page, bundle)
        click(page.get_by_role("button", name="Importer ce paquet"))
        expect(page.get_by_text("Paquet importé dans la démarche « Ruralités en Trégor ».",
                                exact=True)).to_have_count(1)
        expect(page.get_by_text(expected, exact=True)).to_have_count(1)
    screenshot(page, "bundles-2-import-again")

    altered = tmp_path / "abime.ruralites"
    altered.write_bytes(bundle.read_bytes().replace(b"Plufur", b"Plufyr", 1))
    _upload(page, altered)
    expect(page.get_by_text("Le paquet a été modifié ou abîmé depuis son export", exact=False)
           ).to_have_count(1)
    expect(page.get_by_role("button", name="Importer ce paquet")).to_have_count(0)
    screenshot(page, "bundles-3-altered")
    page.context.close()


def test_the_upload_box_reads_in_french(laptop_and_central, browser):
    laptop, _ = laptop_and_central
    page = _bundles_page(browser, laptop)
    box = page.get_by_test_id("stFileUploader")
    expect(box).to_have_count(1)
    # (at tablet width Streamlit shows no "drag and drop" line; the icon's name, "upload", is
    # hidden from screen readers)
    expect(box).to_contain_text("Choisir un fichier")
    expect(box).to_contain_text("Mo au plus par fichier")
    for english in ("Drag and drop", "Upload", "per file", "MB"):
        assert english not in box.inner_text(), english
    screenshot(page, "upload-en-francais")
    page.context.close()
