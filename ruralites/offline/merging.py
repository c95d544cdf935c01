"""Import a bundle: place its rows (campaign, communes, questionnaire versions, evenings, votes),
then store each response, idea, ballot, registration and volunteer once.

- A row whose UUID is already stored and says the same is counted as already there: importing
  a bundle twice, or two laptops' overlapping bundles, stores nothing twice.
- A row that differs from the stored one is a conflict: the stored row is kept and the report
  says what differs (field, here, in the bundle). One exception, said in the report too: a
  field empty here and filled in the bundle (an evening's head count, a registration ticked
  present on the laptop) is completed.
- A bundle that cannot be read, was altered or cut short, or is of a newer format is refused
  whole (`format.loads`); any other problem while storing rolls everything back."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites import campaigns, fr
from ruralites.auth import Viewer
from ruralites.communes import ensure_pole
from ruralites.models import (
    Answer,
    Ballot,
    Campaign,
    Commune,
    Evening,
    Idea,
    Participation,
    Registration,
    Response,
    Survey,
    SurveyVersion,
    Theme,
    Volunteer,
    Vote,
    VoteOption,
)
from ruralites.offline import format as bundle_format
from ruralites.offline import records as rec
from ruralites.offline.format import BundleError

LABELS = {"responses": "réponse", "ideas": "idée", "ballots": "bulletin",
          "registrations": "inscription", "volunteers": "habitant·e volontaire",
          "evenings": "soirée", "votes": "vote", "participations": "commune",
          "campaign": "démarche"}


@dataclass(frozen=True)
class Difference:
    kind: str  # responses, ideas, … (see LABELS)
    key: str  # the row's UUID, or the commune's INSEE code
    field: str
    here: Any
    bundle: Any

    def __str__(self) -> str:
        return (f"{LABELS[self.kind].capitalize()} {self.key} : « {self.field} » vaut "
                f"{_show(self.here)} ici et {_show(self.bundle)} dans le paquet (gardé : ici).")


@dataclass
class ImportReport:
    campaign: str
    added: dict[str, int] = field(default_factory=dict)
    already: dict[str, int] = field(default_factory=dict)
    conflicts: list[Difference] = field(default_factory=list)
    completed: list[Difference] = field(default_factory=list)  # empty here, filled from bundle

    def count(self, table: dict[str, int], kind: str) -> None:
        table[kind] = table.get(kind, 0) + 1

    def lines(self) -> list[str]:
        """The report in French, one line per kind, then each conflict."""
        out = []
        for kind in ("responses", "ideas", "ballots", "registrations", "volunteers"):
            title, e = _TITLES[kind]
            added, same = self.added.get(kind, 0), self.already.get(kind, 0)
            clashes = sum(1 for c in self.conflicts if c.kind == kind)
            out.append(f"{title} : {added} ajouté{e}(s), {same} déjà présent{e}(s)"
                       + (f", {clashes} en conflit" if clashes else "") + ".")
        for kind in ("evenings", "votes"):
            if self.added.get(kind):
                title, e = _TITLES[kind]
                out.append(f"{title} créé{e}s ici : {self.added[kind]}.")
        out += [f"Complété : {c}".replace("(gardé : ici)", "(repris du paquet)")
                for c in self.completed]
        out += [f"Conflit : {c}" for c in self.conflicts]
        return out


_TITLES = {"responses": ("Réponses", "e"), "ideas": ("Idées", "e"),
           "ballots": ("Bulletins de vote", ""), "registrations": ("Inscriptions", "e"),
           "volunteers": ("Habitant·es volontaires", ""), "evenings": ("Soirées", "e"),
           "votes": ("Votes", "")}


def _kind_title(kind: str) -> str:
    return _TITLES[kind][0]


def _show(value: Any) -> str:
    if value is None or value == "":
        return "(vide)"
    text = str(value)
    return f"« {text[:60]}{'…' if len(text) > 60 else ''} »"


def import_bundle(session: Session, viewer: Viewer, data: bytes) -> ImportReport:
    """Check the bundle whole, then store it in the caller's transaction. Raises BundleError
    (nothing stored) when it cannot be placed."""
    payload = bundle_format.loads(data)
    try:
        return _Merger(session, viewer, payload).run()
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise BundleError(f"Le paquet est illisible ({type(exc).__name__}) : rien n'a été "
                          "importé.") from None


class _Merger:
    def __init__(self, session: Session, viewer: Viewer, payload: dict[str, Any]):
        self.s = session
        self.viewer = viewer
        self.p = payload
        self.report = ImportReport(payload["campaign"]["name"])

    # ---- placing ---------------------------------------------------------------------------

    def run(self) -> ImportReport:
        campaign = self._campaign()
        self._participations(campaign)
        self.refs = rec.Refs.load(self.s, campaign.id)
        self._themes(campaign)
        self._survey_versions()
        self.refs.reload()
        self.pid = {code: pid for pid, code in self.refs.communes.items()}
        self.users = {name: uid for uid, name in self.refs.users.items()}
        self.theme_ids = {ref: i for i, ref in self.refs.themes.items()}
        self._evenings()
        self._votes()
        self.refs.reload()
        self.evening_ids = {u: i for i, u in self.refs.evenings.items()}
        self.vote_ids = {u: i for i, u in self.refs.votes.items()}
        self.theme_ids = {ref: i for i, ref in self.refs.themes.items()}
        self._responses()
        self._ideas()
        self._ballots()
        self._registrations()
        self._volunteers()
        self.s.flush()
        return self.report

    def _campaign(self) -> Campaign:
        data = self.p["campaign"]
        campaign = self.s.scalar(select(Campaign).where(Campaign.slug == data["slug"]))
        if campaign is not None:
            campaign = campaigns.campaign_for(self.s, self.viewer, data["slug"], edit=True)
            if campaign.name != data["name"]:
                self.report.conflicts.append(
                    Difference("campaign", data["slug"], "nom", campaign.name, data["name"]))
            return campaign
        campaigns.require_staff(self.viewer)
        campaign = Campaign(slug=data["slug"], name=data["name"], funder=data["funder"],
                            call_name=data["call_name"], description=data["description"],
                            starts_on=rec.parse_date(data["starts_on"]),
                            ends_on=rec.parse_date(data["ends_on"]), status=data["status"],
                            is_demo=data["is_demo"])
        campaign.poles = [ensure_pole(self.s, p["slug"], p["name"], p["territory"])
                          for p in data["poles"]]
        self.s.add(campaign)
        self.s.flush()
        return campaign

    def _participations(self, campaign: Campaign) -> None:
        for c in self.p["communes"]:
            if self.s.get(Commune, c["code_insee"]) is None:
                self.s.add(Commune(**c))
        self.s.flush()
        for data in self.p["participations"]:
            row = self.s.scalar(select(Participation).where(
                Participation.campaign_id == campaign.id,
                Participation.commune_code == data["commune"]))
            if row is None:
                self.s.add(Participation(
                    campaign_id=campaign.id, commune_code=data["commune"], phase=data["phase"],
                    phase_since=rec.parse_datetime(data["phase_since"]),
                    invited_on=rec.parse_date(data["invited_on"])))
            elif row.phase != data["phase"]:
                self.report.conflicts.append(
                    Difference("participations", data["commune"], "phase", row.phase,
                               data["phase"]))
        self.s.flush()

    def _themes(self, campaign: Campaign) -> None:
        known = set(self.refs.themes.values())
        for t in self.p["themes"]:
            ref = t["ref"]
            if ref in known:
                continue
            slug = ref.split("/", 1)[1]
            # A catalogue theme this instance does not ship becomes the campaign's own.
            if f"campagne/{slug}" in known:
                continue
            self.s.add(Theme(campaign_id=campaign.id, slug=slug, label=t["label"],
                             description=t["description"], keywords=t["keywords"]))
            known.add(f"campagne/{slug}")
        self.s.flush()

    def theme_id(self, ref: str) -> int:
        if ref in self.theme_ids:
            return self.theme_ids[ref]
        return self.theme_ids["campagne/" + ref.split("/", 1)[1]]

    def _survey_versions(self) -> None:
        for v in self.p["survey_versions"]:
            survey = self.s.scalar(select(Survey).where(Survey.slug == v["survey"]))
            if survey is None:
                survey = Survey(slug=v["survey"], title=v["title"])
                self.s.add(survey)
                self.s.flush()
            if self.s.scalar(select(SurveyVersion.id).where(
                    SurveyVersion.survey_id == survey.id,
                    SurveyVersion.content_hash == v["version"])) is None:
                self.s.add(SurveyVersion(survey_id=survey.id, content_hash=v["version"],
                                         definition=v["definition"]))
        self.s.flush()

    def _compare(self, kind: str, key: str, here: dict[str, Any], bundle: dict[str, Any],
                 row: Any = None, columns: dict[str, str] | None = None) -> None:
        """Count a row already stored as the same, completed, or in conflict."""
        differs = False
        for name in rec.COMPARED[kind]:
            if here.get(name) == bundle.get(name):
                continue
            diff = Difference(kind, key, name, here.get(name), bundle.get(name))
            column = (columns or {}).get(name)
            if row is not None and column and here.get(name) in (None, "", False):
                setattr(row, column, _column_value(name, bundle[name]))
                self.report.completed.append(diff)
            else:
                self.report.conflicts.append(diff)
                differs = True
        if not differs:
            self.report.count(self.report.already, kind)

    def _evenings(self) -> None:
        for e in self.p["evenings"]:
            row = self.s.scalar(select(Evening).where(Evening.uuid == uuid.UUID(e["uuid"])))
            if row is not None:
                self._compare("evenings", e["uuid"], rec.evening_record(row, self.refs), e, row,
                              {"attendance": "attendance", "outcome": "outcome",
                               "held_at": "held_at", "place": "place"})
                continue
            self.s.add(Evening(
                uuid=uuid.UUID(e["uuid"]), participation_id=self.pid[e["commune"]],
                kind=e["kind"], title=e["title"], starts_at=rec.parse_datetime(e["starts_at"]),
                place=e["place"], capacity=e["capacity"], attendance=e["attendance"],
                theme_id=self.theme_id(e["theme"]) if e["theme"] else None, notes=e["notes"],
                outcome=e["outcome"], held_at=rec.parse_datetime(e["held_at"]),
                created_at=rec.parse_datetime(e["created_at"])))
            self.report.count(self.report.added, "evenings")
        self.s.flush()
        self.refs.reload()

    def _votes(self) -> None:
        evenings = {u: i for i, u in self.refs.evenings.items()}
        for v in self.p["votes"]:
            row = self.s.scalar(select(Vote).where(Vote.uuid == uuid.UUID(v["uuid"])))
            if row is not None:
                self._compare("votes", v["uuid"], rec.vote_record(row, self.refs), v, row,
                              {"closed_at": "closed_at"})
                continue
            vote = Vote(uuid=uuid.UUID(v["uuid"]), participation_id=self.pid[v["commune"]],
                        title=v["title"], method=v["method"], max_dots=v["max_dots"],
                        status=v["status"], evening_id=evenings.get(v["evening"]),
                        created_at=rec.parse_datetime(v["created_at"]),
                        closed_at=rec.parse_datetime(v["closed_at"]))
            vote.options = [VoteOption(theme_id=self.theme_id(ref), position=n)
                            for n, ref in enumerate(v["options"], start=1)]
            self.s.add(vote)
            self.report.count(self.report.added, "votes")
        self.s.flush()

    # ---- the rows --------------------------------------------------------------------------

    def _existing(self, model, ids: list[str]) -> dict[uuid.UUID, Any]:
        wanted = [uuid.UUID(i) for i in ids]
        found: dict[uuid.UUID, Any] = {}
        for start in range(0, len(wanted), 500):
            found |= {row.id: row for row in self.s.scalars(
                select(model).where(model.id.in_(wanted[start:start + 500])))}
        return found

    def _responses(self) -> None:
        rows = self.p["responses"]
        existing = self._existing(Response, [r["id"] for r in rows])
        versions = {v: i for i, v in self.refs.versions.items()}
        for r in rows:
            here = existing.get(uuid.UUID(r["id"]))
            if here is not None:
                answers = {a.question_id: a.value for a in here.answers}
                self._compare("responses", r["id"], rec.response_record(here, answers, self.refs), r)
                continue
            pid = self.pid[r["commune"]]
            if r["sheet_code"]:
                other = self.s.scalar(select(Response.id).where(
                    Response.participation_id == pid, Response.sheet_code == r["sheet_code"]))
                if other is not None:
                    self.report.conflicts.append(Difference(
                        "responses", r["id"], "sheet_code",
                        f"{r['sheet_code']} (réponse {other})", r["sheet_code"]))
                    continue
            response_id = uuid.UUID(r["id"])
            self.s.add(Response(
                id=response_id, participation_id=pid,
                survey_version_id=versions[(r["survey"], r["version"])], channel=r["channel"],
                sheet_code=r["sheet_code"], evening_id=self.evening_ids.get(r["evening"]),
                language=r["language"],
                submitted_at=rec.parse_datetime(r["submitted_at"]),
                entered_by=self.users.get(r["entered_by"])))
            self.s.add_all(Answer(response_id=response_id, question_id=q, value=value)
                           for q, value in r["answers"].items())
            self.report.count(self.report.added, "responses")
        self.s.flush()

    def _ideas(self) -> None:
        rows = self.p["ideas"]
        existing = self._existing(Idea, [i["id"] for i in rows])
        added: list[tuple[Idea, str | None]] = []
        for i in rows:
            here = existing.get(uuid.UUID(i["id"]))
            if here is not None:
                themes = [self.refs.themes[t.id] for t in here.themes]
                self._compare("ideas", i["id"], rec.idea_record(here, themes, self.refs), i)
                continue
            response = rec.as_uuid(i["response"])
            if response is not None and self.s.get(Response, response) is None:
                response = None  # its response was in conflict and not stored
            idea = Idea(id=uuid.UUID(i["id"]), participation_id=self.pid[i["commune"]],
                        text=i["text"], source=i["source"], response_id=response,
                        question_id=i["question_id"], evening_id=self.evening_ids.get(i["evening"]),
                        created_at=rec.parse_datetime(i["created_at"]),
                        created_by=self.users.get(i["created_by"]))
            idea.themes = [self.s.get(Theme, self.theme_id(ref)) for ref in i["themes"]]
            self.s.add(idea)
            added.append((idea, i["merged_into"]))
            self.report.count(self.report.added, "ideas")
        self.s.flush()
        for idea, merged_into in added:  # once every idea of the bundle is there
            target = rec.as_uuid(merged_into)
            if target is not None and self.s.get(Idea, target) is not None:
                idea.merged_into_id = target
        self.s.flush()

    def _ballots(self) -> None:
        rows = self.p["ballots"]
        existing = self._existing(Ballot, [b["id"] for b in rows])
        to_id = {ref: str(i) for ref, i in self.theme_ids.items()}
        for b in rows:
            here = existing.get(uuid.UUID(b["id"]))
            if here is not None:
                self._compare("ballots", b["id"], rec.ballot_record(here, self.refs), b)
                continue
            content = rec.ballot_content(b["content"], {
                ref: str(self.theme_id(ref)) for ref in _theme_keys(b["content"])} | to_id)
            self.s.add(Ballot(id=uuid.UUID(b["id"]), vote_id=self.vote_ids[b["vote"]],
                              channel=b["channel"], content=content, weight=b["weight"],
                              is_totals=b["is_totals"],
                              submitted_at=rec.parse_datetime(b["submitted_at"]),
                              entered_by=self.users.get(b["entered_by"])))
            self.report.count(self.report.added, "ballots")
        self.s.flush()

    def _registrations(self) -> None:
        rows = self.p["registrations"]
        existing = self._existing(Registration, [g["id"] for g in rows])
        for g in rows:
            here = existing.get(uuid.UUID(g["id"]))
            if here is not None:
                self._compare("registrations", g["id"], rec.registration_record(here, self.refs),
                              g, here, {"attended": "attended", "contact": "contact"})
                continue
            evening_id = self.evening_ids[g["evening"]]
            same = self.s.scalar(select(Registration).where(
                Registration.evening_id == evening_id, Registration.person_key == g["person_key"]))
            if same is not None:  # the same person registered on both sides
                self.report.conflicts.append(Difference(
                    "registrations", g["id"], "personne déjà inscrite",
                    f"{same.name} (inscription {same.id})", g["name"]))
                continue
            self.s.add(Registration(
                id=uuid.UUID(g["id"]), evening_id=evening_id, name=g["name"],
                contact=g["contact"], person_key=g["person_key"], waiting=g["waiting"],
                attended=g["attended"], source=g["source"], consent_text=g["consent_text"],
                consent_version=g["consent_version"],
                consent_at=rec.parse_datetime(g["consent_at"]),
                registered_at=rec.parse_datetime(g["registered_at"]),
                entered_by=self.users.get(g["entered_by"])))
            self.report.count(self.report.added, "registrations")
        self.s.flush()

    def _volunteers(self) -> None:
        rows = self.p["volunteers"]
        existing = self._existing(Volunteer, [v["id"] for v in rows])
        for v in rows:
            here = existing.get(uuid.UUID(v["id"]))
            if here is not None:
                self._compare("volunteers", v["id"], rec.volunteer_record(here, self.refs), v)
                continue
            self.s.add(Volunteer(
                id=uuid.UUID(v["id"]), participation_id=self.pid[v["commune"]], name=v["name"],
                email=v["email"], phone=v["phone"], interests=v["interests"],
                consent_text=v["consent_text"], consent_version=v["consent_version"],
                consent_at=rec.parse_datetime(v["consent_at"]), source=v["source"],
                created_at=rec.parse_datetime(v["created_at"])))
            self.report.count(self.report.added, "volunteers")
        self.s.flush()


def _theme_keys(content: dict[str, Any]) -> set[str]:
    return {k for value in content.values() if isinstance(value, dict) for k in value}


def _column_value(name: str, value: Any) -> Any:
    return rec.parse_datetime(value) if name.endswith("_at") else value


def describe(payload_bytes: bytes) -> str:
    """One line on what a bundle holds, read before importing it (checked whole)."""
    p = bundle_format.loads(payload_bytes)
    scope = p["scope"]["evening"]
    what = (f"soirée « {scope['title']} » du {fr.long_date(rec.parse_datetime(scope['starts_at']))}"
            if scope else f"démarche « {p['campaign']['name']} »")
    counts = ", ".join(f"{len(p[k])} {_kind_title(k).lower()}"
                       for k in ("responses", "ideas", "ballots", "registrations", "volunteers"))
    return f"Paquet de la {what}, exporté le {fr.date_time(rec.parse_datetime(p['exported_at']))} : {counts}."
