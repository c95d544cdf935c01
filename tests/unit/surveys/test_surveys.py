"""Questionnaire definitions: loading, coded problems, versions, answers."""

from pathlib import Path
from textwrap import dedent, indent

import pytest

from ruralites.surveys.model import (
    CATALOGUE,
    InvalidAnswers,
    SurveyError,
    Text,
    answer_to_text,
    check_files,
    clean_answers,
    format_problem,
    load_survey,
    other_key,
    parse_cell,
    parse_survey,
    validate_answers,
)

ROOT = Path(__file__).resolve().parents[3]
DEFAULT = ROOT / "surveys" / "ecoute-habitants.yaml"
ALL_TYPES = ROOT / "tests" / "fixtures" / "surveys" / "tous-les-types.yaml"

# Six header lines: the first question's "- id:" is on line 7.
HEADER = """\
id: essai
title: "Essai"
sections:
  - id: s1
    title: "Section"
    questions:
"""
AGE = """\
      - id: age
        type: single_choice
        label: "Quel âge avez-vous ?"
        required: true
        choices: [{value: jeune, label: "Jeune"}, {value: aine, label: "Aîné"}]
"""  # lines 7-11 when first


def survey_text(*questions: str, header: str = HEADER) -> str:
    return header + "".join(indent(dedent(q).strip("\n"), " " * 6) + "\n" for q in questions)


def errors_of(text: str) -> list:
    with pytest.raises(SurveyError) as caught:
        parse_survey(text, "essai.yaml")
    return caught.value.problems


def warnings_of(text: str) -> list:
    warnings: list = []
    parse_survey(text, "essai.yaml", warnings=warnings)
    return warnings


@pytest.fixture(scope="module")
def default_survey():
    return load_survey(DEFAULT)


@pytest.fixture(scope="module")
def all_types():
    return load_survey(ALL_TYPES)


# --- the shipped questionnaire ---------------------------------------------------------------


def test_default_questionnaire_loads_without_error_or_warning():
    warnings: list = []
    survey = load_survey(DEFAULT, warnings=warnings)
    assert warnings == []
    assert survey.id == "ecoute-habitants"
    assert 20 <= len(survey.questions()) <= 25
    assert survey.estimated_minutes() <= 6


def test_default_questionnaire_keeps_contact_details_in_a_separate_consented_section(
        default_survey):
    contact = [s for s in default_survey.sections if s.personal]
    assert [s.id for s in contact] == ["contact"]
    assert default_survey.consent_question().id == "consentement"
    assert all(q.section == "contact" for q in default_survey.questions() if q.personal)
    assert not any(q.personal for q in default_survey.idea_questions())


def test_default_questionnaire_asks_how_to_help_only_those_willing(default_survey):
    assert "aide" not in [q.id for q in default_survey.visible_questions({"participer": False})]
    assert "aide" in [q.id for q in default_survey.visible_questions({"participer": True})]


def test_fixture_with_breton_translations_loads(all_types):
    assert all_types.languages == ("fr", "br")
    assert {q.type for q in all_types.questions()} == {
        "single_choice", "multiple_choice", "scale", "short_text", "long_text", "number",
        "ranking", "yes_no"}


# --- broken files: one coded problem each ----------------------------------------------------

BROKEN = [
    # the same question id twice: reported on the second one
    pytest.param(survey_text(AGE, AGE), "S104", 12, "age", id="duplicate-question-id"),
    # two sections with the same id
    pytest.param(HEADER + AGE + '  - id: s1\n    title: "Encore"\n    questions:\n'
                 + AGE.replace("age", "age2"), "S104", 12, None, id="duplicate-section-id"),
    # a choice value listed twice
    pytest.param(survey_text("""
        - id: lieu
          type: single_choice
          label: "Où ?"
          choices:
            - {value: bourg, label: "Au bourg"}
            - {value: bourg, label: "Au hameau"}
        """), "S104", 12, "lieu", id="duplicate-choice-value"),
    # show_if points at a question asked later
    pytest.param(survey_text("""
        - id: pourquoi
          type: short_text
          label: "Pourquoi ?"
          show_if: {question: age, equals: jeune}
        """, AGE), "S106", 10, "pourquoi", id="show-if-later-question"),
    # show_if points at the question itself
    pytest.param(survey_text(AGE, """
        - id: pourquoi
          type: short_text
          label: "Pourquoi ?"
          show_if: {question: pourquoi, answered: true}
        """), "S106", 15, "pourquoi", id="show-if-itself"),
    # show_if points at a question that does not exist (typo)
    pytest.param(survey_text(AGE, """
        - id: pourquoi
          type: short_text
          label: "Pourquoi ?"
          show_if: {question: ages, equals: jeune}
        """), "S105", 15, "pourquoi", id="show-if-unknown-question"),
    # show_if compares with a value that is not one of the choices
    pytest.param(survey_text(AGE, """
        - id: pourquoi
          type: short_text
          label: "Pourquoi ?"
          show_if: {question: age, equals: vieux}
        """), "S113", 15, "pourquoi", id="show-if-unknown-choice"),
    # a choice question without any choice
    pytest.param(survey_text("""
        - id: lieu
          type: single_choice
          label: "Où ?"
          choices: []
        """), "S107", 10, "lieu", id="empty-choice-list"),
    # a type that does not exist
    pytest.param(survey_text("""
        - id: lieu
          type: choix_unique
          label: "Où ?"
        """), "S103", 8, "lieu", id="unknown-type"),
    # Breton declared, one label only in French
    pytest.param(survey_text("""
        - id: lieu
          type: short_text
          label: {fr: "Où ?", br: "Pelec'h ?"}
        - id: nom
          type: short_text
          label: {fr: "Nom ?"}
        """, header=HEADER.replace('"Essai"', '{fr: "Essai", br: "Amprouiñ"}')
              .replace('"Section"', '{fr: "Section", br: "Rann"}')
              .replace("sections:", "languages: [fr, br]\nsections:")),
        "S108", 13, "nom", id="missing-translation-key"),
    # a label in a language that the file does not declare
    pytest.param(survey_text("""
        - id: lieu
          type: short_text
          label: {fr: "Où ?", bz: "Pelec'h ?"}
        """), "S117", 9, "lieu", id="undeclared-language"),
    # YAML syntax: a quote never closed
    pytest.param(survey_text("""
        - id: lieu
          type: short_text
          label: "Où habitez-vous ?
          help: "Le bourg ou un hameau"
        """), "S101", 10, None, id="yaml-syntax-error"),
    # a section list without any question
    pytest.param(HEADER.replace("questions:", "questions: []"), "S102", 3, None,
                 id="no-question-at-all"),
    # a question without its label
    pytest.param(survey_text("""
        - id: lieu
          type: short_text
        """), "S102", 7, "lieu", id="missing-label"),
    # an id with an accent and a space
    pytest.param(survey_text("""
        - id: Âge du foyer
          type: short_text
          label: "Âge ?"
        """), "S110", 7, "Âge du foyer", id="invalid-id"),
    # a scale whose min is not below its max
    pytest.param(survey_text("""
        - id: note
          type: scale
          label: "Note ?"
          min: 5
          max: 1
        """), "S109", 11, "note", id="scale-bounds-reversed"),
    # a misspelt field would otherwise be silently ignored
    pytest.param(survey_text("""
        - id: nom
          type: short_text
          label: "Nom ?"
          requried: true
        """), "S112", 10, "nom", id="unknown-field"),
    # feeds_ideas on a choice question
    pytest.param(survey_text(AGE.replace("required: true", "feeds_ideas: true")),
                 "S114", 10, "age", id="option-not-for-this-type"),
    # contact details mixed with ordinary questions in one section
    pytest.param(survey_text(AGE, """
        - id: nom
          type: short_text
          label: "Nom ?"
          personal: true
        """), "S115", 4, None, id="personal-mixed-with-answers"),
    # languages without French, the fallback
    pytest.param(survey_text(AGE, header=HEADER.replace("sections:",
                                                          "languages: [br]\nsections:")),
                 "S116", 3, None, id="languages-without-french"),
    # the same key twice in one question: YAML would keep only the second
    pytest.param(survey_text("""
        - id: nom
          type: short_text
          label: "Nom ?"
          label: "Prénom ?"
        """), "S118", 10, "nom", id="duplicate-yaml-key"),
    # YAML reads an unquoted `no` as false, not as the word
    pytest.param(survey_text("""
        - id: accord
          type: single_choice
          label: "D'accord ?"
          choices: [{value: yes, label: "Oui"}, {value: non, label: "Non"}]
        """), "S111", 10, "accord", id="unquoted-yes-is-a-boolean"),
]


@pytest.mark.parametrize(("text", "code", "line", "question"), BROKEN)
def test_broken_file_is_refused_with_code_line_and_question(text, code, line, question):
    problems = errors_of(text)
    found = [(p.code, p.line, p.question) for p in problems]
    assert (code, line, question) in found


def test_every_catalogue_entry_has_a_french_message_and_fix():
    assert len([c for c in CATALOGUE if c.startswith("S")]) >= 19  # S100–S118
    assert len([c for c in CATALOGUE if c.startswith("W")]) >= 5  # W201–W205
    for code, detail in CATALOGUE.items():
        assert code[0] in "SW" and detail.message and detail.fix, code


def test_problem_text_names_file_line_question_and_fix():
    problem = errors_of(survey_text(AGE, AGE))[0]
    text = format_problem(problem)
    assert text.startswith("essai.yaml, ligne 12, question « age » : erreur S104 — ")
    assert "déjà utilisé par la question de la ligne 7" in text
    assert "→ Chaque question doit avoir un identifiant unique" in text


def test_yaml_syntax_error_is_explained_in_french():
    problem = errors_of(survey_text('- id: lieu\n  type: short_text\n  label: "Où ?\n'))[0]
    assert problem.message.endswith("un guillemet n'est jamais refermé.")


def test_all_errors_are_reported_at_once():
    text = survey_text("""
        - id: lieu
          type: choix_unique
          label: "Où ?"
        - id: lieu
          type: short_text
        """)
    assert [p.code for p in errors_of(text)] == ["S103", "S104", "S102"]


def test_unknown_type_suggests_the_closest_one():
    text = survey_text('- id: lieu\n  type: single_choise\n  label: "Où ?"')
    assert "Vouliez-vous dire « single_choice » ?" in errors_of(text)[0].fix


WARNINGS = [
    # nothing required: answers may all be empty
    pytest.param(survey_text('- id: nom\n  type: short_text\n  label: "Nom ?"'), "W201",
                 id="no-required-question"),
    # a label too long to read on a tablet
    pytest.param(survey_text(AGE.replace("Quel âge avez-vous ?", "Quel âge " * 40)), "W202",
                 id="very-long-label"),
    # thirty long texts: far beyond five minutes
    pytest.param(survey_text(AGE, *[f'- id: q{i}\n  type: long_text\n  label: "Idée {i} ?"'
                                    for i in range(30)]), "W203", id="longer-than-5-minutes"),
    # contact details without a consent question
    pytest.param(survey_text(AGE) + '  - id: contact\n    title: "Contact"\n    questions:\n'
                 '      - {id: nom, type: short_text, label: "Nom ?", personal: true}\n',
                 "W204", id="contact-without-consent"),
]


@pytest.mark.parametrize(("text", "code"), WARNINGS)
def test_minor_problems_are_returned_as_warnings_not_raised(text, code):
    assert code in [p.code for p in warnings_of(text)]


def test_check_files_reports_each_file(tmp_path):
    broken = tmp_path / "casse.yaml"
    broken.write_text(survey_text(AGE, AGE), encoding="utf-8")
    good, bad, missing = check_files([DEFAULT, broken, tmp_path / "absent.yaml"])
    assert good.ok and good.survey.id == "ecoute-habitants"
    assert not bad.ok and bad.errors[0].file == str(broken) and bad.survey is None
    assert [p.code for p in missing.errors] == ["S100"]


# --- versions --------------------------------------------------------------------------------


def test_hash_ignores_layout_comments_quotes_and_key_order():
    block = survey_text(AGE)
    flow = dedent("""\
        # the same questionnaire, written differently
        title: Essai
        id: 'essai'
        sections: [{id: s1, title: Section, questions: [
          {id: age, label: "Quel âge avez-vous ?", type: single_choice, required: true,
           choices: [{label: Jeune, value: jeune}, {value: aine, label: Aîné}]}]}]
        """)
    assert parse_survey(block).content_hash == parse_survey(flow).content_hash


def test_hash_changes_when_a_label_changes():
    before = parse_survey(survey_text(AGE))
    after = parse_survey(survey_text(AGE.replace("Aîné", "Ancien")))
    assert before.content_hash != after.content_hash
    assert len(before.content_hash) == 64


def test_stored_definition_reloads_as_the_same_version(default_survey):
    again = parse_survey(default_survey.definition)
    assert again.content_hash == default_survey.content_hash
    assert again.questions() == default_survey.questions()


# --- translations ----------------------------------------------------------------------------


def test_text_falls_back_to_french():
    assert Text({"fr": "Bonjour", "br": "Demat"})("br") == "Demat"
    assert Text({"fr": "Bonjour"})("br") == "Bonjour"
    assert str(Text("Bonjour")) == "Bonjour"


def test_breton_labels_and_french_fallback_for_built_in_texts(all_types):
    age = all_types.question("age")
    assert age.label("br") == "Pet vloaz oc'h ?"
    assert age.choice("moins-18").label("br") == "Dindan 18 vloaz"
    assert all_types.title("de") == "Questionnaire d'essai"
    assert all_types.question("lieux").choice("autre").label("br") == "Autre (précisez)"


# --- conditions ------------------------------------------------------------------------------

VISIBILITY = [
    # equals: the youth question only for the under-18s
    ({"age": "moins-18"}, "jeunes", True),
    ({"age": "18-plus"}, "jeunes", False),
    # in: any of the listed choices, "autre" included
    ({"lieux": ["marche", "autre"]}, "lieux_detail", True),
    ({"lieux": ["marche"]}, "lieux_detail", False),
    # is_yes: "oui" typed on paper counts as yes
    ({"aider": "oui"}, "comment", True),
    ({"aider": False}, "comment", False),
    # an invalid earlier answer shows none of its dependants
    ({"age": "99-ans"}, "jeunes", False),
]


@pytest.mark.parametrize(("answers", "question", "shown"), VISIBILITY)
def test_show_if_decides_which_questions_are_shown(all_types, answers, question, shown):
    assert (question in [q.id for q in all_types.visible_questions(answers)]) is shown


# --- answers ---------------------------------------------------------------------------------

VALID = {"age": "18-plus", "aider": False}

INVALID = [
    # a required question left empty
    ({"aider": True, "comment": "En bricolant"}, "age", "Merci de répondre"),
    # a required question shown because of an earlier answer
    ({**VALID, "aider": True}, "comment", "Merci de répondre"),
    # letters where a number is expected
    ({**VALID, "foyer_taille": "trois"}, "foyer_taille", "Saisissez un nombre"),
    # a number outside its bounds
    ({**VALID, "foyer_taille": 45}, "foyer_taille", "entre 1 et 20"),
    # a text far over the limit
    ({**VALID, "idee": "a" * 10_000}, "idee",
     "Votre réponse dépasse 3\u202f000 caractères (elle en compte 10\u202f000)"),
    # a value that is not among the choices
    ({**VALID, "age": "99-ans"}, "age", "n'est pas proposé"),
    # one unknown value in a multiple choice
    ({**VALID, "lieux": ["cafe", "piscine"]}, "lieux", "« piscine »"),
    # a scale point outside the scale
    ({**VALID, "interet": 7}, "interet", "entre 1 (Pas du tout) et 5 (Beaucoup)"),
    # the same project ranked twice
    ({**VALID, "priorites": ["cafe", "cafe"]}, "priorites", "« cafe » revient"),
    # neither yes nor no
    ({**VALID, "aider": "peut-être"}, "aider", "oui ou par non"),
]


@pytest.mark.parametrize(("answers", "question", "message"), INVALID)
def test_invalid_answers_get_a_french_message(all_types, answers, question, message):
    errors = validate_answers(all_types, answers)
    assert message in errors[question]


def test_required_question_hidden_by_its_condition_is_not_required(all_types):
    assert validate_answers(all_types, {"age": "18-plus", "aider": False}) == {}
    assert validate_answers(all_types, {"age": "18-plus", "aider": True}) == {
        "comment": "Merci de répondre à cette question."}


def test_invalid_answers_are_refused_by_clean(all_types):
    with pytest.raises(InvalidAnswers) as caught:
        clean_answers(all_types, {"aider": "oui"})
    assert set(caught.value.errors) == {"age", "comment"}


def test_clean_keeps_text_verbatim_but_strips_nul_bytes(all_types):
    typed = "Un café 🍵 <script>alert(1)</script>\n=HYPERLINK(\"x\")"
    cleaned = clean_answers(all_types, {**VALID, "idee": typed + "\x00"})
    assert cleaned["idee"] == typed


def test_clean_normalises_values_and_drops_hidden_answers(all_types):
    cleaned = clean_answers(all_types, {
        "age": "18-plus", "jeunes": "hidden: only asked to the under-18s",
        "lieux": ["marche", "cafe", "cafe"], "interet": "4", "foyer_taille": "3,0",
        "priorites": ("chemins", "cafe"), "aider": "Oui", "comment": "  En jardinant ",
        "inconnue": "dropped"})
    assert cleaned["lieux"] == ["cafe", "marche"]
    assert cleaned["interet"] == 4 and cleaned["foyer_taille"] == 3
    assert cleaned["priorites"] == ["chemins", "cafe"]
    assert cleaned["aider"] is True and cleaned["comment"] == "  En jardinant "
    assert "jeunes" not in cleaned and "inconnue" not in cleaned


def test_other_text_is_kept_only_when_other_is_chosen(all_types):
    typed = {**VALID, "lieux": ["autre"], other_key("lieux"): "À la chorale"}
    assert clean_answers(all_types, typed)[other_key("lieux")] == "À la chorale"
    typed["lieux"] = ["cafe"]
    assert other_key("lieux") not in clean_answers(all_types, typed)


def test_contact_details_split_from_answers(all_types):
    cleaned = clean_answers(all_types, {**VALID, "consentement": True, "nom": "Anne Le Gall"})
    answers, personal = all_types.split_personal(cleaned)
    assert personal == {"consentement": True, "nom": "Anne Le Gall"}
    assert "nom" not in answers and answers["age"] == "18-plus"


# --- CSV cells -------------------------------------------------------------------------------

CELLS = [
    ("age", "18-plus", "18-plus"),
    ("lieux", ["cafe", "marche"], "cafe;marche"),
    ("priorites", ["chemins", "commerce"], "chemins;commerce"),
    ("aider", True, "oui"),
    ("aider", False, "non"),
    ("interet", 4, "4"),
    ("foyer_taille", 2.5, "2,5"),
    ("idee", '=HYPERLINK("x");<b>', '=HYPERLINK("x");<b>'),
]


@pytest.mark.parametrize(("question", "value", "cell"), CELLS)
def test_answers_round_trip_through_a_csv_cell(all_types, question, value, cell):
    q = all_types.question(question)
    assert answer_to_text(q, value) == cell
    assert parse_cell(q, cell) == value


def test_parse_cell_accepts_labels_and_leaves_nonsense_for_validation(all_types):
    assert parse_cell(all_types.question("lieux"), "Au café ; au marché") == ["cafe", "marche"]
    assert parse_cell(all_types.question("aider"), "OUI") is True
    assert parse_cell(all_types.question("foyer_taille"), "trois") == "trois"
    assert parse_cell(all_types.question("idee"), "") is None
