"""One consent per moment that collects contact details, each with its own text and version."""

from pathlib import Path

from ruralites import consent, evenings, orientation
from ruralites.surveys import load_survey

ROOT = Path(__file__).resolve().parents[2]


def test_each_moment_has_its_own_text_and_version():
    survey = load_survey(ROOT / "surveys" / "ecoute-habitants.yaml")
    moments = [consent.for_questionnaire(survey), consent.REGISTRATION, consent.ORIENTATION]
    assert [m.purpose for m in moments] == ["questionnaire", "registration", "orientation"]
    assert len({m.version for m in moments}) == 3 and all(m.text for m in moments)
    # the pages and kiosks show the same text the rows record
    assert evenings.CONSENT_TEXT == consent.REGISTRATION.text
    assert orientation.CONSENT_TEXT == consent.ORIENTATION.text


def test_a_questionnaire_without_a_contact_block_asks_no_consent(tmp_path):
    plain = tmp_path / "sans-contact.yaml"
    plain.write_text("""\
id: sans-contact
title: "Sans contact"
sections:
  - id: s1
    title: "Section"
    questions:
      - id: q1
        type: yes_no
        label: "Venez-vous au bourg ?"
""", encoding="utf-8")
    assert consent.for_questionnaire(load_survey(plain)) is None
