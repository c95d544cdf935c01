"""Import of an Aides-territoires export: the API's page or a bare list of records.

The fixture files in tests/fixtures/aides-territoires/ are written for these tests in the
shape the API returns; their aids, amounts and addresses are fictional (example.org).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ruralites import communes
from ruralites.orientation.aides_territoires import (
    AidesTerritoiresError,
    load_mapping,
    mapping,
    parse_export,
    read_export,
)
from ruralites.orientation.html_text import html_to_text
from ruralites.orientation.territory import resolve_name

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "aides-territoires"
PAGE = FIXTURES / "page-bretagne.json"
BOTSORHEL, PLOUNERIN, TREMEL = "29014", "22227", "22366"


@pytest.fixture(scope="module")
def page():
    return read_export(PAGE)


def _aid(result, aid_id):
    return next(aid for aid in result.aids if aid.id == aid_id)


def _report(result, position):
    return result.reports[position - 1]


# -- the page of the API ----------------------------------------------------------------------


def test_page_keeps_valid_records_and_reports_each_record(page):
    assert [aid.id for aid in page.aids] == [
        "101", "102", "103", "104", "105", "106", "107", "109", "110", "111",
    ]  # fmt: skip
    assert len(page.reports) == 12
    assert page.summary == (
        "12 fiches lues : 10 importée(s), 2 non importée(s), 3 fiches importées avec remarques."
    )
    assert page.declared_count == 48
    assert page.notes == (
        "Ce fichier n'est qu'une page de la recherche (12 fiche(s) sur 48) : exportez et "
        "importez aussi les pages suivantes.",
    )


@pytest.mark.parametrize(
    ("position", "message"),
    [
        # a clean record
        (1, "Fiche n° 1 (id 101, « Soutien aux commerces de proximité en milieu rural ») : "
            "importée."),
        # a record without name is not imported
        (8, "Fiche n° 8 (id 108) : non importée — nom « name » manquant ou vide."),
        # something that is not a record at all
        (12, "Fiche n° 12 : non importée — ce n'est pas une fiche (objet JSON attendu) : "
             "ignorée."),
        # <script> in the description: removed, said, the text kept; a javascript: URL dropped
        (7, "Fiche n° 7 (id 107, « Aide à la mobilité solidaire en milieu rural ») : importée — "
            "la description contenait du code actif (<script>) : il a été retiré, seul le texte "
            "est importé ; « origin_url » n'est pas une adresse web (http ou https) : ignoré."),
    ],  # fmt: skip
)
def test_report_says_what_happened_to_each_record(page, position, message):
    assert _report(page, position).message == message


def test_unknown_values_are_kept_and_reported_not_fatal(page):
    aid = _aid(page, "109")
    assert aid.mobilization_steps == ("Suivi / évaluation", "Mise en œuvre / réalisation")
    assert aid.targeted_audiences == ("Commune", "Collectif citoyen")
    assert aid.scheme.stages == ("creation",)  # the known step only
    assert aid.scheme.carriers == ("commune",)
    assert aid.scheme.themes == ("mobilite",)  # "Mobilité / Transports / Modes actifs" → theme
    problems = _report(page, 9).problems
    assert problems == (
        "étape inconnue « Suivi / évaluation » : sans effet sur la recommandation tant que "
        "cette valeur n'est pas ajoutée à aides_territoires_mapping.yaml",
        "bénéficiaire inconnu « Collectif citoyen » : sans effet sur la recommandation tant que "
        "cette valeur n'est pas ajoutée à aides_territoires_mapping.yaml",
        "nature d'aide inconnue « Prix » : sans effet sur la recommandation tant que cette "
        "valeur n'est pas ajoutée à aides_territoires_mapping.yaml",
        "catégorie inconnue « Tourisme / Itinérance douce » : sans effet sur la recommandation "
        "tant que cette valeur n'est pas ajoutée à aides_territoires_mapping.yaml",
        "périmètre « Pays des Trois Rivières » non reconnu : la fiche ne sera recommandée à "
        "aucune commune tant qu'il n'est pas ajouté à aides_territoires_mapping.yaml "
        "(perimeters)",
    )
    assert aid.scheme.territory.unresolved


def test_wrong_types_are_reported_and_the_rest_of_the_record_kept(page):
    aid = _aid(page, "111")
    assert aid.financers == ("Conseil départemental du Finistère",)  # one string: one financer
    assert aid.instructors == () and aid.programs == () and aid.description == ""
    assert aid.scheme.territory.departements == {"29"}  # {"name": "Finistère"} accepted
    assert aid.submission_deadline is None
    assert aid.scheme.not_for_orientation.startswith("date limite illisible")
    assert _report(page, 11).problems == (
        "« recurrence » n'est pas un texte : ignoré",
        "« instructors » devrait être une liste : ignoré",
        "une valeur de « programs » n'est pas un texte : ignorée",
        "« aid_types » devrait être une liste : ignoré",
        "« description » n'est pas un texte : ignoré",
        "date limite illisible « 20270331 » : la fiche n'est pas recommandée tant que la date "
        "n'est pas corrigée",
        "date de mise à jour illisible « hier » : ignorée",
    )


def test_record_reads_into_plain_text_and_a_scheme(page):
    aid = _aid(page, "101")
    assert aid.description == (
        "Aide à la création ou à la reprise d'un commerce multiservice dans une commune rurale."
        "\n\n- épicerie, dépôt de pain\n- café, point poste"
    )
    assert aid.contact == (
        "Service territoires : écrire au service (commerces@example.org)\nTél. 02 00 00 00 00"
    )
    scheme = aid.scheme
    assert (scheme.slug, scheme.source, scheme.external_id) == ("at-101", "aides-territoires",
                                                                 "101")  # fmt: skip
    assert scheme.operator == "Conseil régional de Bretagne"
    assert scheme.short_name == "Commerces ruraux"
    assert scheme.stages == ("idea", "structuring", "creation")
    assert scheme.carriers == ("association", "commune")
    assert scheme.themes == ("commerce-cafe", "services")
    assert scheme.offer == ("funding",)
    assert scheme.submission_deadline.isoformat() == "2027-03-31"
    assert scheme.checked_on.isoformat() == "2026-10-14"
    assert scheme.conditions == (
        "Communes de moins de 3 500 habitants et associations.\n\n"
        "Instruction : Conseil régional de Bretagne\n\nRécurrence : Ponctuelle"
    )
    assert scheme.source_urls[0] == (
        "https://aides-territoires.beta.gouv.fr/aides/"
        "soutien-aux-commerces-de-proximite-en-milieu-rural/"
    )


def test_script_style_and_javascript_never_reach_the_text(page):
    aid = _aid(page, "107")
    everything = " ".join((aid.description, aid.eligibility, aid.contact, aid.origin_url))
    for forbidden in ("alert", "<script", "color: red", "javascript", "onclick"):
        assert forbidden not in everything
    assert aid.description == (
        "Covoiturage solidaire et transport d'utilité sociale.\n\n"
        "Les projets portés avec les habitants sont prioritaires."
    )


@pytest.mark.parametrize(
    ("aid_id", "inside", "outside"),
    [
        ("101", PLOUNERIN, None),  # "Bretagne": the région
        ("102", PLOUNERIN, BOTSORHEL),  # "Côtes-d'Armor": département 22
        ("103", BOTSORHEL, PLOUNERIN),  # "Finistère": département 29
        ("104", BOTSORHEL, None),  # "France"
        ("105", TREMEL, BOTSORHEL),  # "Lannion-Trégor Communauté": an EPCI
        ("110", BOTSORHEL, PLOUNERIN),  # "Pays de Morlaix": the mapping file's perimeters
    ],
)
def test_perimeter_is_placed_with_the_commune_referential(page, aid_id, inside, outside):
    territory = _aid(page, aid_id).scheme.territory
    assert territory.contains(communes.get(inside))
    if outside:
        assert not territory.contains(communes.get(outside))


def test_bare_list_is_read_like_a_page():
    result = read_export(FIXTURES / "liste-simple.json")
    assert [aid.id for aid in result.aids] == ["201", "202"]
    assert result.notes == () and result.declared_count is None
    assert _aid(result, "202").description == (
        "Texte sans balise, avec une esperluette & un accent : é."
    )
    assert _aid(result, "202").scheme.stages == ("idea", "structuring", "creation", "development")
    assert result.reports[1].problems == (
        "aucune étape indiquée : la fiche est proposée à toutes les étapes",
        "aucun bénéficiaire indiqué : la fiche est proposée à tous les porteurs",
    )


def test_same_id_twice_in_a_file_is_stored_once_the_last_one_wins():
    record = json.loads(PAGE.read_text(encoding="utf-8"))["results"][0]
    renamed = {**record, "name": "Nom mis à jour"}
    result = parse_export(json.dumps([record, renamed]))
    assert [(aid.id, aid.name) for aid in result.aids] == [("101", "Nom mis à jour")]
    assert result.reports[0].message.endswith(
        "non importée — remplacée par la fiche n° 2, qui porte le même id."
    )


# -- files that cannot be imported ------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        # an HTML page saved instead of the JSON export
        ((FIXTURES / "pas-du-json.json").read_bytes(),
         "Ce fichier n'est pas du JSON lisible (erreur ligne 1, colonne 1). Exportez à nouveau "
         "la recherche au format JSON depuis Aides-territoires."),
        # JSON, but the aids are under an unknown key
        ((FIXTURES / "mauvaise-forme.json").read_bytes(),
         "Ce fichier JSON n'a pas la forme attendue : attendu une page de l'API "
         "Aides-territoires ({\"count\", \"next\", \"previous\", \"results\": [...]}) ou une "
         "liste de fiches [...]."),
        # a single record, not a list
        (b'{"id": 1, "name": "Seule"}', "Ce fichier contient une seule fiche"),
        (b'"texte"', "Ce fichier JSON n'a pas la forme attendue"),  # a JSON string
        (b'{"results": {"id": 1}}', "Ce fichier JSON n'a pas la forme attendue"),
        (b"", "Le fichier est vide."),
        ("é".encode("latin-1"), "Ce fichier n'est pas un texte UTF-8"),
        (b"[" * 100_000, "Ce fichier JSON est trop imbriqué"),
    ],  # fmt: skip
)
def test_unusable_file_gets_a_french_message(content, message):
    with pytest.raises(AidesTerritoiresError) as caught:
        parse_export(content)
    assert message in str(caught.value)


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path):
    huge = tmp_path / "export.json"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB (sparse: nothing is written)
    with pytest.raises(AidesTerritoiresError) as caught:
        read_export(huge)
    assert str(caught.value) == (
        "Le fichier pèse 50 Mo ; au-delà de 25 Mo il est refusé. Exportez une recherche plus "
        "ciblée (par territoire ou par thème), ou découpez-la en plusieurs fichiers."
    )


def test_size_limit_applies_to_uploaded_bytes_too():
    with pytest.raises(AidesTerritoiresError, match="au-delà de 0,5 Mo"):
        parse_export(b"[" + b" " * (600 * 1024) + b"]", max_bytes=512 * 1024)


def test_missing_file_is_said_in_french(tmp_path):
    with pytest.raises(AidesTerritoiresError, match="Fichier introuvable : absent.json"):
        read_export(tmp_path / "absent.json")


# -- HTML to text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markup", "text", "active"),
    [
        ("<p>Un</p><p>Deux</p>", "Un\n\nDeux", ()),  # paragraphs stay apart
        ("<p>Un<br>Deux</p>", "Un\nDeux", ()),  # a line break stays
        ("<p>mots\n   sur\tplusieurs lignes</p>", "mots sur plusieurs lignes", ()),  # HTML spaces
        ("<ul><li>a</li><li>b</li></ul>", "- a\n- b", ()),  # list items, one a line
        ("<p>x</p><script>alert(1)</script>", "x", ("script",)),  # script dropped, reported
        ("<style>p{}</style><p>x</p>", "x", ()),  # style dropped with its content
        ("<p>x<iframe src='https://example.org'>y</iframe></p>", "x", ("iframe",)),
        ("<p>A &amp; B &lt;b&gt;</p>", "A & B <b>", ()),  # entities decoded, not markup again
        ("<a href='https://example.org/a'>site</a>", "site (https://example.org/a)", ()),
        ("<a href='javascript:alert(1)'>clic</a>", "clic", ()),  # no javascript: address
        ("<!-- note --><p>x</p>", "x", ()),  # comments dropped
        ("", "", ()),
    ],
)
def test_html_becomes_plain_text(markup, text, active):
    plain = html_to_text(markup)
    assert (plain.text, plain.active_content) == (text, active)


# -- perimeters and mapping -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "codes"),
    [
        ("France", "france", None),
        ("Bretagne", "regions", {"53"}),
        ("Côtes-d'Armor", "departements", {"22"}),
        ("cotes d armor", "departements", {"22"}),  # case, accents, punctuation do not matter
        ("Finistère", "departements", {"29"}),
        ("Lannion-Trégor Communauté", "epcis", {"200065928"}),  # without its legal form
        ("CA Lannion-Trégor Communauté", "epcis", {"200065928"}),  # as the referential writes it
        ("Communauté de communes du Kreiz-Breizh", "epcis", {"242200715"}),
        ("Plounérin", "communes", {"22227"}),  # a commune whose name is unique
        ("Pays des Trois Rivières", None, None),  # nothing: unresolved, reported
    ],
)
def test_perimeter_names_resolve_to_official_codes(name, kind, codes):
    territory = resolve_name(name)
    if kind is None:
        assert territory is None
    elif kind == "france":
        assert territory.france
    else:
        assert getattr(territory, kind) == codes


@pytest.mark.parametrize(
    ("category", "themes"),
    [
        ("Solidarités / Lien social", ("lieu-de-rencontre", "vie-associative")),
        ("Économie locale et circuits courts / Commerces et services",
         ("commerce-cafe", "services")),
        ("ECONOMIE LOCALE ET CIRCUITS COURTS / COMMERCES ET SERVICES",
         ("commerce-cafe", "services")),  # case and accents do not matter
        ("Nature / environnement / Biodiversité", ("environnement",)),
        ("Mobilité / Transports", ("mobilite",)),
        ("Mobilité / Transports / Autopartage", ("mobilite",)),  # falls back to its theme
        ("Économie locale et circuits courts / Économie sociale et solidaire", None),  # all
        ("Urbanisme / Logement / Aménagement / Bâtiments et construction", ()),  # known, no theme
        ("Tourisme / Itinérance douce", False),  # unknown
    ],  # fmt: skip
)
def test_categories_map_to_theme_slugs(category, themes):
    assert mapping().theme_of(category) == themes


def test_broken_mapping_file_names_table_and_line(tmp_path):
    path = tmp_path / "aides_territoires_mapping.yaml"
    path.write_text('mobilization_steps:\n  "Réflexion / conception": [emergence]\n',
                    encoding="utf-8")  # fmt: skip
    with pytest.raises(AidesTerritoiresError) as caught:
        load_mapping(path)
    assert str(caught.value).startswith(
        "aides_territoires_mapping.yaml, table « mobilization_steps », ligne « Réflexion / "
        "conception » : valeur inconnue « emergence »"
    )
