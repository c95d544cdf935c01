"""The role × action matrix, as a table, and every page checked against it."""

import ast
from pathlib import Path

import pytest

from ruralites import access
from ruralites.ui.navigation import PAGES

ROOT = Path(__file__).resolve().parents[2]

# action:          admin   staff     mayor        token    anonymous   (T = tout, P = son pôle,
#                                                                        C = ses communes,
#                                                                        L = le formulaire du lien)
EXPECTED = """
log_in             T       T         T            -        T
home               T       P         C            -        -
campaigns          T       P         -            -        -
call               T       P         -            -        -
decisions          T       P         -            -        -
board              T       P         -            -        -
collect            T       P         -            -        -
paper_entry        T       P         -            -        -
results            T       P         C            -        -
free_texts         T       P         -            -        -
ideas              T       P         -            -        -
votes              T       P         -            -        -
chosen_theme       T       P         C            -        -
projection         T       P         -            -        -
evenings           T       P         -            -        -
witnesses          T       P         -            -        -
orientation        T       P         -            -        -
schemes            T       P         -            -        -
guide              T       P         -            -        -
commune_summary    T       P         C            -        -
offline            T       P         -            -        -
privacy            T       P         -            -        -
accounts           T       -         -            -        -
server             T       -         -            -        -
answer             -       -         -            L        -
vote_by_link       -       -         -            L        -
register           -       -         -            L        -
"""
LETTERS = {"T": access.ALL, "P": access.POLE, "C": access.COMMUNES, "L": access.LINK, "-": ""}
ROWS = [line.split() for line in EXPECTED.strip().splitlines()]


def test_the_table_lists_every_action_once_in_order():
    assert [row[0] for row in ROWS] == [a.key for a in access.ACTIONS]


@pytest.mark.parametrize(("action", "role", "letter"), [
    (row[0], role, letter) for row in ROWS for role, letter in zip(access.ROLES, row[1:],
                                                                     strict=True)])
def test_the_matrix_says_who_may_do_what(action, role, letter):
    assert access.BY_KEY[action].scope(role) == LETTERS[letter]
    assert access.allows(role, action) is (letter != "-")


def test_an_anonymous_visitor_or_a_link_may_never_open_a_staff_page():
    for item in PAGES:
        assert not set(item.roles) & {"token", "anonymous"}, item.key


def _required_roles(render: str) -> set[str]:
    """The roles a page's render() passes to require_role, read from its source."""
    module, _, function = render.partition(":")
    tree = ast.parse((ROOT / (module.replace(".", "/") + ".py")).read_text(encoding="utf-8"))
    func = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == function)
    call = next(n for n in ast.walk(func) if isinstance(n, ast.Call)
                and getattr(n.func, "id", None) == "require_role")
    return {arg.value for arg in call.args}


@pytest.mark.parametrize("render", sorted({item.render for item in PAGES}))
def test_every_page_guards_itself_as_the_matrix_says(render):
    allowed = set().union(*(set(i.roles) for i in PAGES if i.render == render))
    assert _required_roles(render) == allowed


def test_the_readme_shows_the_matrix():
    assert access.markdown_table() in (ROOT / "README.md").read_text(encoding="utf-8")


# command                 action    (the command line acts as an administrator: `CLI_ROLE`)
COMMANDS = """
bundle_export             offline
bundle_import             offline
campaign_export           board
campaign_list             home
campaign_show             home
communes_search           call
db_upgrade                server
demo_load                 server
guide                     guide
kiosk_link                collect
orientation_pdf           orientation
orientation_recommend     orientation
privacy_erase             privacy
privacy_export            privacy
privacy_purge             privacy
responses_export          free_texts
responses_import          paper_entry
schemes_import            schemes
schemes_list              schemes
serve                     server
survey_check              server
survey_pdf                collect
tally                     votes
user_add                  accounts
witnesses_export          witnesses
witnesses_import          witnesses
"""


def test_every_command_line_command_says_which_action_it_performs():
    from ruralites import cli

    cli.load_commands()
    table = dict(line.split() for line in COMMANDS.strip().splitlines())
    assert {" ".join(path).replace(" ", "_") for path in cli.COMMANDS} == set(table)
    for path in cli.COMMANDS:
        action = table["_".join(path)]
        assert access.command_action(path) == action
        assert access.allows(access.CLI_ROLE, action)


def test_a_command_missing_from_the_table_is_refused_before_it_runs(monkeypatch):
    from ruralites import cli

    ran = []
    monkeypatch.setitem(cli.COMMANDS, ("nouvelle",), lambda args: ran.append(args))
    with pytest.raises(KeyError):
        cli.main(["nouvelle"])
    assert ran == []


def test_the_readme_lists_the_commands_and_their_actions():
    assert access.markdown_commands() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_a_refusal_is_french():
    with pytest.raises(access.AccessDenied, match="^Cette page n'est pas accessible"):
        access.check("mayor", "accounts")
    access.check("admin", "accounts")
