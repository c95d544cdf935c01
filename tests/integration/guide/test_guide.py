"""The capitalisation guide of the demo campaign, read back as a reader would: the PDF's texts,
outline and metadata, the figures compared with the results functions the pages call, and text
typed by staff printed verbatim. The demo database and the PDF are built once for the module."""

from __future__ import annotations

import io
import re
import threading
from datetime import date

import pytest
from pypdf import PdfReader

from ruralites import demo, fr, guide, migrate, results
from ruralites.auth import SYSTEM
from ruralites.cli import main
from ruralites.db import Database, make_engine
from ruralites.guide import collect
from ruralites.results import SUPPRESSED, Scope
from ruralites.voting import votes

SLUG = "ruralites-en-tregor"
TYPED = "Ponts & Chaussées <bus> <b>gras =cmd() 1 < 2 > 0"
ADVICE = f"{TYPED}\n\nDeuxième paragraphe 👍 et 🦄, sans boîte vide."
QUOTE = "On a enfin parlé du bourg <ensemble> & sans chef"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("guide") / "demo.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    db = Database(engine)
    demo.load(db)
    with db.write() as s:
        guide.save_section(s, SYSTEM, SLUG, "advice", ADVICE)
        guide.save_section(s, SYSTEM, SLUG, guide.next_key("22366"),
                           "Le lieu a ouvert ses portes en 2020.")
        guide.add_testimony(s, SYSTEM, SLUG, quote=QUOTE, author="Marie, habitante",
                            commune_code="22366", consent_on=date(2019, 6, 14),
                            consent_how="accord écrit")
    yield db, path
    engine.dispose()


@pytest.fixture(scope="module")
def built(demo_db):
    db, _path = demo_db
    data = guide.build(db, SYSTEM, SLUG)
    reader = PdfReader(io.BytesIO(data))
    pages = [p.extract_text().replace("\xa0", " ").replace("\u202f", " ") for p in reader.pages]
    return data, reader, pages


def _outline(items, level=0):
    for item in items:
        if isinstance(item, list):
            yield from _outline(item, level + 1)
        else:
            yield level, item.title


def test_guide_has_title_author_language_and_an_embedded_font(built):
    data, reader, _pages = built
    assert reader.metadata.title == "Guide de capitalisation — Ruralités en Trégor"
    assert reader.metadata.author == "Ruralités — pôles ESS"
    assert reader.trailer["/Root"]["/Lang"] == "fr-FR"
    assert b"/FontFile2" in data and b"DejaVuSans" in data


def test_guide_has_a_cover_contents_running_header_and_page_numbers(built):
    _data, reader, pages = built
    total = len(pages)
    assert "Guide de capitalisation" in pages[0] and "Région Bretagne" in pages[0]
    assert "ADESS Pays de Morlaix" in pages[0]
    assert "Page" not in pages[0]  # the cover carries no number
    assert "Sommaire" in pages[1]
    for title in ("La méthode", "La démarche en chiffres", "Trémel (22366)", "Témoignages",
                  "Annexe : le questionnaire"):
        assert title in pages[1]
    assert f"Page 3 / {total}" in pages[2]
    assert f"Page {total} / {total}" in pages[-1]
    tremel = next(p for p in pages if "Trémel (22366)" in p and "Le parcours" in p)
    assert "Les communes — Trémel" in tremel  # the running header names the chapter


def test_guide_bookmarks_each_chapter_and_each_commune(built):
    _data, reader, _pages = built
    outline = list(_outline(reader.outline))
    assert (0, "La méthode") in outline and (0, "Annexe : le questionnaire") in outline
    for name in ("Botsorhel (29014)", "Plounérin (22227)", "Plufur (22238)",
                 "Saint-Michel-en-Grève (22319)", "Trémel (22366)"):
        assert (1, name) in outline


def test_commune_figures_are_those_of_the_results_functions(demo_db, built):
    db, _path = demo_db
    _data, _reader, pages = built
    text = "\n".join(pages)
    with db.read() as s:
        figures = results.results(s, SYSTEM, Scope(SLUG), questions=False).turnout.by_commune
        content = collect.build_guide(s, SYSTEM, SLUG)
        for figure in figures:
            chapter = next(c for c in content.communes if c.code_insee == figure.code_insee)
            assert chapter.responses == figure.responses and chapter.share == figure.share
            assert (f"{fr.number(figure.responses)} réponses au questionnaire, soit "
                    f"{fr.percent(figure.share).replace(chr(0x202f), ' ')} des "
                    f"{fr.number(figure.population)} habitants") in text
            vote = votes.votes_for(s, SYSTEM, figure.participation_id)[0]
            counted = votes.results(s, SYSTEM, vote.id).result.ballots_counted
            assert chapter.vote.ballots == counted
            assert f"Avec {counted} bulletins, les habitants ont placé" in text


def test_campaign_chart_caption_states_the_numbers_of_the_results_page(demo_db, built):
    db, _path = demo_db
    _data, _reader, pages = built
    text = re.sub(r"\s+", " ", "\n".join(pages))
    with db.read() as s:
        figures = results.results(s, SYSTEM, Scope(SLUG), questions=False).turnout.by_commune
    for f in figures:
        assert f"{f.nom} : {fr.number(f.responses)} réponses" in text


def test_the_calendar_prints_each_date_and_commune_name_whole(demo_db, built):
    """Five date columns fit the page: no date breaks across two lines, and a long commune
    name breaks after a hyphen ("Saint-Michel-en-" / "Grève"), not mid-word."""
    db, _path = demo_db
    _data, _reader, pages = built
    method = next(page for page in pages if "Le calendrier suivi" in page)
    with db.read() as s:
        calendar = collect.build_guide(s, SYSTEM, SLUG).calendar
    dates = [fr.short_date(day) for row in calendar for day in row.days if day]
    assert len(dates) >= 20  # the demo's five communes, four or five steps each
    for day in dates:
        assert day in method, f"{day} is broken across two lines"
    assert "Saint-Michel-en-\nGrève" in method


def test_staff_text_is_printed_verbatim_and_emoji_legibly(built):
    _data, _reader, pages = built
    text = "\n".join(pages)
    assert TYPED in text
    assert "[pouce levé] et [émoji], sans boîte vide" in text
    assert "On a enfin parlé du bourg <ensemble> & sans chef" in text
    assert "Accord donné le 14 juin 2019 (accord écrit)" in text
    assert "Le lieu a ouvert ses portes en 2020." in text


def test_no_personal_contact_details_reach_the_guide(built):
    _data, _reader, pages = built
    text = "\n".join(pages)
    assert "@example.org" not in text  # the élus' addresses stay in the app
    assert "02 61 91" not in text
    assert "Yann Le Meur" not in text


def test_annex_is_the_paper_questionnaire(built):
    _data, _reader, pages = built
    annex = "\n".join(pages[next(i for i, p in enumerate(pages)
                                 if "Annexe : le questionnaire" in p and "Sommaire" not in p):])
    assert "Questionnaire d'écoute des habitants" in annex
    assert "Quel âge avez-vous ?" in annex


def test_hidden_counts_print_as_less_than_five(built):
    _data, _reader, pages = built
    assert f"Moins de 18 ans : {SUPPRESSED}" in "\n".join(pages)


def test_mayor_downloads_the_fiche_of_their_commune_only(demo_db):
    db, _path = demo_db
    from tests.integration.restitution_setup import mayor_of

    mayor = mayor_of(db, "22366", username="maire-tremel")
    with db.read() as s:
        summary = guide.commune_summary(s, mayor, SLUG, "22366")
        with pytest.raises(guide.GuideError, match="ne fait pas partie"):
            guide.commune_summary(s, mayor, SLUG, "22238")
    reader = PdfReader(io.BytesIO(guide.render_summary_pdf(summary)))
    assert len(reader.pages) == 1
    text = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    assert "Fiche commune — Trémel" in text
    assert "74 habitant·es ont répondu au questionnaire" in text
    assert "Avec 38 bulletins, les habitants ont placé « Lieu de rencontre » en tête" in text
    assert "Lieu de rencontre, choisi par l'assemblée des habitants (la salle) le 25 avril 2019" \
        in text
    assert "ADESS Ouest-Côtes-d'Armor" in text
    headline = text.split("1. Méthode")[0]
    assert "médiane" not in headline and "jauge" not in headline  # terms in the footnote only
    assert "jauge majoritaire" in text


def test_a_build_started_twice_at_once_is_laid_out_once(demo_db, monkeypatch):
    db, _path = demo_db
    calls = []
    original = collect.build_guide

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(collect, "build_guide", counted)
    out: list[bytes] = []
    threads = [threading.Thread(target=lambda: out.append(
        guide.build(db, SYSTEM, SLUG, communes=["29014"], chapters=["communes"])))
        for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(out) == 2 and out[0] == out[1]
    assert len(calls) == 1


def test_cli_writes_the_guide_and_refuses_an_unknown_commune(demo_db, tmp_path, monkeypatch,
                                                            capsys):
    _db, path = demo_db
    monkeypatch.setenv("RURALITES_DATABASE_URL", f"sqlite:///{path}")
    from ruralites.config import settings

    settings.cache_clear()
    out = tmp_path / "fiche.pdf"
    assert main(["guide", "--campaign", SLUG, "--commune", "29014", "--summary",
                 "-o", str(out)]) == 0
    assert "Fiche commune — Botsorhel" in PdfReader(out).pages[0].extract_text()
    assert main(["guide", "--campaign", SLUG, "--communes", "29014,99999",
                 "-o", str(tmp_path / "g.pdf")]) == 1
    assert "Commune(s) absente(s) de la démarche : 99999" in capsys.readouterr().err
    assert main(["guide", "--campaign", SLUG, "-o", str(tmp_path / "g.txt")]) == 1


def test_docx_holds_the_same_content_with_typed_text_as_is(demo_db):
    import docx

    db, _path = demo_db
    document = docx.Document(io.BytesIO(guide.build(db, SYSTEM, SLUG, fmt="docx")))
    assert document.core_properties.title == "Guide de capitalisation — Ruralités en Trégor"
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "La méthode" in headings and "Trémel (22366)" in headings
    text = "\n".join(p.text for p in document.paragraphs)
    assert TYPED in text and "On a enfin parlé du bourg <ensemble> & sans chef" in text
    with db.read() as s:
        figure = next(f for f in results.results(s, SYSTEM, Scope(SLUG), questions=False)
                      .turnout.by_commune if f.code_insee == "22366")
    assert f"{fr.number(figure.responses)} réponses au questionnaire" in text
    assert len(document.inline_shapes) >= 8  # charts and word clouds


def test_a_cover_picture_that_is_not_an_image_is_refused(demo_db):
    db, _path = demo_db
    with pytest.raises(guide.GuideError, match="« notes.pdf » n'est pas une image lisible"):
        guide.check_image(b"%PDF-1.4 pas une image", "notes.pdf")
    with pytest.raises(guide.GuideError, match="n'est pas une image lisible"):
        guide.build(db, SYSTEM, SLUG, chapters=["method"], cover_image=b"GIF89a tronque")
