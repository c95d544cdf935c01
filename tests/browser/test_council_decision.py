"""Staff record a council decision with its signed PDF; the commune moves on the board."""

import io
import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from reportlab.pdfgen import canvas

from ruralites import auth, campaigns, communes
from ruralites.fr import today_in_france
from tests.browser.conftest import PASSWORD, log_in, open_app, rerun, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def prepared(app_server):
    """An animatrice, and a campaign where Trémel volunteered and awaits its council's vote
    while Plufur has not answered yet."""
    db = app_server.database()
    today = today_in_france()
    with db.write() as s:
        auth.create_user(s, username="anne", display_name="Anne Animatrice", password=PASSWORD, role="staff")
        pole = communes.ensure_pole(s, "adess", "ADESS Ouest-Côtes-d'Armor")
        campaign = campaigns.create_campaign(s, name="Ruralités 2026", poles=[pole],
                                             starts_on=today - timedelta(days=60))
        campaigns.add_commune(s, campaign, "22238", invited_on=today - timedelta(days=40))
        tremel = campaigns.add_commune(s, campaign, "22366", invited_on=today - timedelta(days=40))
        campaigns.record_answer(s, tremel, volunteers=True, answered_on=today - timedelta(days=30))
    return today


def _signed_pdf(path):
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 760, "Commune de Trémel — délibération n° 2026-004 (signée)")
    pdf.save()
    path.write_bytes(buffer.getvalue())
    return path


def test_staff_record_a_decision_with_its_signed_pdf_and_see_the_commune_validated(
    app_server, prepared, tablet, tmp_path
):
    session_day = prepared - timedelta(days=10)
    open_app(tablet, app_server.url)
    log_in(tablet)
    expect(tablet.get_by_role("heading", name="Vos démarches")).to_be_visible()

    expect(tablet.get_by_role("heading", name="Ruralités 2026")).to_be_visible()
    main = tablet.get_by_test_id("stMain")  # the sidebar menu has links of the same names
    with rerun(tablet):
        main.get_by_role("link", name="Délibérations").click()
    expect(tablet.get_by_role("heading", name="Enregistrer une délibération")).to_be_visible()
    expect(tablet.get_by_role("combobox", name="Commune volontaire")).to_have_value(
        "Trémel (22366) — 🙋 Volontaire")
    # A react-aria date field: day, month and year are spin buttons, each typed and checked.
    for part, value in (("day", f"{session_day:%d}"), ("month", f"{session_day:%m}"),
                        ("year", f"{session_day:%Y}")):
        field = tablet.get_by_role("spinbutton", name=f"{part}, Date de la séance du conseil")
        field.click()
        field.press_sequentially(value)
        expect(field).to_have_text(re.compile(rf"^0*{int(value)}$"))
    tablet.get_by_label("Numéro de la délibération").fill("2026-004")
    tablet.get_by_label("Pour", exact=True).fill("10")
    tablet.get_by_label("Abstentions", exact=True).fill("1")
    tablet.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
        str(_signed_pdf(tmp_path / "Délibération Trémel signée.pdf")))
    expect(tablet.get_by_role("button", name="Remove Délibération Trémel signée.pdf")).to_be_visible()
    screenshot(tablet, "council-decision-01-form-filled")
    with rerun(tablet):
        tablet.get_by_role("button", name="Enregistrer la délibération").click()

    expect(tablet.get_by_text("Délibération de Trémel enregistrée : « Validée par le conseil ».", exact=True)).to_be_visible()
    expect(tablet.get_by_text(f"Délibération n° 2026-004 du {session_day:%d/%m/%Y}")).to_be_visible()
    expect(tablet.get_by_text("Document signé : Délibération Trémel signée.pdf")).to_be_visible()
    expect(tablet.get_by_role("button", name="Télécharger le document")).to_be_visible()
    tablet.get_by_role("heading", name="Délibérations enregistrées").scroll_into_view_if_needed()
    screenshot(tablet, "council-decision-02-recorded")

    with rerun(tablet):
        main.get_by_role("link", name="Tableau de bord").click()
    expect(tablet.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    row = tablet.get_by_role("row").filter(has_text="Trémel (22366)")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Validée par le conseil")
    expect(row).to_contain_text(f"{session_day:%d/%m/%Y}")  # the "Depuis le" column
    plufur = tablet.get_by_role("row").filter(has_text="Plufur (22238)")
    expect(plufur).to_have_count(1)
    expect(plufur).to_contain_text("Réponse de la commune attendue")
    expect(tablet.locator(".js-plotly-plot")).to_be_visible()
    screenshot(tablet, "council-decision-03-board")
    tablet.locator(".js-plotly-plot").scroll_into_view_if_needed()
    screenshot(tablet, "council-decision-04-progress-chart")
