"""Who may do what: the role × action matrix, in one place.

Five kinds of visitors: an administrator, staff of a pôle, the mayor (élu·e) of given communes,
someone holding a kiosk or registration link (a token), and an anonymous visitor. Each action
says, for each of them, over what it is allowed ("" = refused). The pages' menu and guards
(`ruralites/ui/navigation.py`, each page's `require_role`) follow this table, and
`tests/unit/test_access.py` checks them against it; the README shows it
(`markdown_table()`, checked by `tests/unit/test_access.py`).

The scope itself (which campaigns, which communes) is applied by the domain queries:
`auth.participation_scope`, `campaigns.participation_for`, `kiosk.resolve`."""

from __future__ import annotations

from dataclasses import dataclass

from ruralites.errors import UserError

ROLES = ("admin", "staff", "mayor", "token", "anonymous")
ACCOUNT_ROLES = ("admin", "staff", "mayor")
ROLE_HEADINGS = {
    "admin": "Administrateur·rice", "staff": "Animateur·rice d'un pôle",
    "mayor": "Élu·e de communes", "token": "Lien tablette ou inscription",
    "anonymous": "Visiteur anonyme",
}

ALL = "tout"
POLE = "son pôle"  # the campaigns of the staff member's pôle (every campaign if none)
COMMUNES = "ses communes"
LINK = "le formulaire du lien"


class AccessDenied(UserError):
    def __init__(self) -> None:
        super().__init__("Cette page n'est pas accessible avec votre compte.")


@dataclass(frozen=True)
class Action:
    key: str
    label: str  # French, as the README shows it
    admin: str = ""
    staff: str = ""
    mayor: str = ""
    token: str = ""
    anonymous: str = ""

    def scope(self, role: str) -> str:
        return getattr(self, role) if role in ROLES else ""


def _staff(key: str, label: str) -> Action:
    return Action(key, label, admin=ALL, staff=POLE)


ACTIONS: tuple[Action, ...] = (
    Action("log_in", "Se connecter", admin=ALL, staff=ALL, mayor=ALL, anonymous=ALL),
    Action("home", "Voir l'accueil : démarches et communes", admin=ALL, staff=POLE,
           mayor=COMMUNES),
    _staff("campaigns", "Créer et modifier une démarche"),
    _staff("call", "Inviter les communes, suivre l'appel"),
    _staff("decisions", "Enregistrer une délibération et son document"),
    _staff("board", "Tableau de bord et ses exports"),
    _staff("collect", "Créer ou révoquer des liens tablette, imprimer le questionnaire"),
    _staff("paper_entry", "Saisir des questionnaires papier"),
    Action("results", "Voir les résultats chiffrés (« < 5 » masqués pour les élu·es)",
           admin=ALL, staff=POLE, mayor=COMMUNES),
    _staff("free_texts", "Lire les réponses libres, exporter les réponses"),
    _staff("ideas", "Idées et thèmes"),
    _staff("votes", "Préparer un vote, saisir les bulletins, enregistrer le choix"),
    Action("chosen_theme", "Voir le thème choisi", admin=ALL, staff=POLE, mayor=COMMUNES),
    _staff("projection", "Projeter la restitution"),
    _staff("evenings", "Soirées : planifier, inscrire, émarger, affiches"),
    _staff("witnesses", "Témoins : catalogue, coordonnées, export"),
    _staff("orientation", "Orientation : dispositifs retenus, fiche d'orientation"),
    _staff("schemes", "Catalogue des dispositifs"),
    _staff("guide", "Guide de capitalisation : textes, construction, téléchargement"),
    Action("commune_summary", "Télécharger la fiche commune (une page, pour le conseil)",
           admin=ALL, staff=POLE, mayor=COMMUNES),
    _staff("offline", "Soirée sans internet : adresse du réseau local, paquets de soirée"),
    _staff("privacy", "Données personnelles : groupe d'intéressés, export ou effacement d'une "
                      "personne, conservation, registre (journal et purge : administrateurs)"),
    Action("accounts", "Comptes : créer, rattacher, désactiver", admin=ALL),
    Action("server", "Serveur : base de données, service, démonstration (ligne de commande)",
           admin=ALL),
    Action("answer", "Répondre au questionnaire du lien", token=LINK),
    Action("vote_by_link", "Voter par le lien", token=LINK),
    Action("register", "S'inscrire à la soirée du lien", token=LINK),
)
BY_KEY = {a.key: a for a in ACTIONS}

# The command line is used by whoever runs the server: it acts as an administrator, on the
# whole database. Each command still says which action it performs, and `ruralites.cli`
# refuses to run a command missing from this table.
CLI_ROLE = "admin"
COMMANDS: dict[str, str] = {
    "bundle export": "offline", "bundle import": "offline",
    "campaign export": "board", "campaign list": "home", "campaign show": "home",
    "communes search": "call",
    "db upgrade": "server", "demo load": "server", "serve": "server", "survey check": "server",
    "guide": "guide",
    "kiosk link": "collect", "survey pdf": "collect",
    "orientation pdf": "orientation", "orientation recommend": "orientation",
    "privacy erase": "privacy", "privacy export": "privacy", "privacy purge": "privacy",
    "responses export": "free_texts", "responses import": "paper_entry",
    "schemes import": "schemes", "schemes list": "schemes",
    "tally": "votes",
    "user add": "accounts",
    "witnesses export": "witnesses", "witnesses import": "witnesses",
}

# Every file that takes data out of the app, and the action that allows it. The domain
# function named checks `access.check` itself, whoever calls it (a page, the CLI, a test).
EXPORTS: dict[str, str] = {
    "Réponses aux questionnaires (CSV, XLSX)": "free_texts",
    "Groupe des habitants intéressés (CSV, coordonnées)": "privacy",
    "Données d'une personne (JSON, PDF)": "privacy",
    "Catalogue des témoins (CSV, coordonnées)": "witnesses",
    "Feuille d'émargement d'une soirée (noms des inscrits)": "evenings",
    "Paquet de soirée ou de démarche (hors ligne)": "offline",
    "Fiche d'orientation (PDF)": "orientation",
    "Guide de capitalisation (PDF, DOCX)": "guide",
    "Fiche commune (PDF, une page)": "commune_summary",
}


def allows(role: str, action: str) -> bool:
    return bool(BY_KEY[action].scope(role))


def roles_for(action: str, among: tuple[str, ...] = ACCOUNT_ROLES) -> tuple[str, ...]:
    return tuple(r for r in among if allows(r, action))


def check(role: str | None, action: str) -> None:
    if not allows(role or "anonymous", action):
        raise AccessDenied()


def command_action(path: tuple[str, ...] | str) -> str:
    """The action a CLI command performs; a command missing from `COMMANDS` is a programming
    error (KeyError), caught by the tests."""
    return COMMANDS[path if isinstance(path, str) else " ".join(path)]


def markdown_commands() -> str:
    """The commands and the action each one performs, as the README shows them."""
    rows = [f"| `ruralites {name}` | {BY_KEY[key].label} |" for name, key in sorted(COMMANDS.items())]
    return "\n".join(["| commande | action |", "| --- | --- |", *rows])


def markdown_table() -> str:
    """The matrix as the README shows it."""
    head = "| action | " + " | ".join(ROLE_HEADINGS[r] for r in ROLES) + " |"
    rule = "| --- |" + " --- |" * len(ROLES)
    rows = [f"| {a.label} | " + " | ".join(a.scope(r) or "—" for r in ROLES) + " |"
            for a in ACTIONS]
    return "\n".join([head, rule, *rows])
