"""Responses to and from spreadsheets: the export (`ruralites responses export`) and the import
of answers typed into a spreadsheet (`ruralites responses import`), in the same shape, so an
export re-imports cleanly and a re-import stores nothing twice.

Shape: one row per response; columns `response_id`, `commune`, `channel`, `date`, `sheet_code`,
then one column per question id (and `<id>.autre` for "Autre : précisez"). Multiple choices are
separated by `;`. Contact details are never exported with the answers."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from ruralites import access, audit, campaigns, fr, phases
from ruralites.auth import Viewer
from ruralites.db import Database
from ruralites.errors import UserError
from ruralites.listening import responses
from ruralites.listening.responses import ResponseError, Submission, paper_response_id
from ruralites.models import Answer, Campaign, Participation, Response, SurveyVersion
from ruralites.spreadsheet import (
    SpreadsheetError,
    read_table,
    to_csv_bytes,
    to_xlsx_bytes,
    unneutralise,
)
from ruralites.surveys import InvalidAnswers, Survey, answer_to_text, other_key, parse_cell
from ruralites.surveys.sheets import normalise_sheet
from ruralites.surveys.store import stored_version

FIXED = ("response_id", "commune", "channel", "date", "sheet_code")
CHANNEL_NAMES = {"tablet": "tablet", "tablette": "tablet", "online": "online", "en ligne": "online",
                 "paper": "paper", "papier": "paper"}
IMPORT_NAMESPACE = uuid.UUID("8d6c1e0a-3f7b-4b9e-a1c2-5e4f3a2b1c0d")


class ImportRefused(UserError):
    """The whole file is refused (its header, its commune…); str() says why, in French."""


def question_columns(survey: Survey) -> list[str]:
    columns = []
    for q in survey.questions():
        if q.personal:
            continue
        columns.append(q.id)
        if q.other:
            columns.append(other_key(q.id))
    return columns


# ---- export ------------------------------------------------------------------------------------


def export_table(db: Database, campaign_slug: str, commune_code: str | None = None
                 ) -> tuple[list[str], list[list]]:
    with db.read() as session:
        campaign = session.scalar(select(Campaign).where(Campaign.slug == campaign_slug))
        if campaign is None:
            raise ImportRefused(f"Aucune démarche « {campaign_slug} ».")
        stmt = (select(Response, Participation.commune_code)
                .join(Participation, Participation.id == Response.participation_id)
                .where(Participation.campaign_id == campaign.id)
                .order_by(Participation.commune_code, Response.submitted_at, Response.id))
        if commune_code:
            stmt = stmt.where(Participation.commune_code == commune_code)
        rows = session.execute(stmt).all()
        versions = {vid: stored_version(session, vid) for vid in
                    session.scalars(select(SurveyVersion.id).where(
                        SurveyVersion.id.in_({r.survey_version_id for r, _ in rows})))}
        answers: dict[uuid.UUID, dict] = defaultdict(dict)
        ids = [r.id for r, _ in rows]
        for chunk in range(0, len(ids), 500):
            for a in session.scalars(select(Answer).where(Answer.response_id.in_(ids[chunk:chunk + 500]))):
                answers[a.response_id][a.question_id] = a.value
    columns = list(FIXED)
    for survey in versions.values():
        columns += [c for c in question_columns(survey) if c not in columns]
    table = []
    for response, code in rows:
        survey = versions[response.survey_version_id]
        given = answers[response.id]
        cells = {c: _cell(survey, c, given.get(c)) for c in question_columns(survey)}
        table.append([str(response.id), code, response.channel,
                      fr.local(response.submitted_at).strftime("%Y-%m-%d %H:%M"),
                      response.sheet_code or ""] + [cells.get(c, "") for c in columns[len(FIXED):]])
    return columns, table


def _cell(survey: Survey, column: str, value) -> str:
    if value is None:
        return ""
    qid = column.split(".")[0]
    if column != qid:  # the "Autre" text
        return str(value)
    return answer_to_text(survey.question(qid), value)


def export_bytes(db: Database, viewer: Viewer, campaign_slug: str, commune_code: str | None,
                 fmt: str) -> bytes:
    """The answers as a file (staff of the campaign); the export is written in the audit log
    (how many rows)."""
    access.check(viewer.role, "free_texts")
    with db.read() as session:
        campaigns.campaign_for(session, viewer, campaign_slug, edit=True)
    columns, table = export_table(db, campaign_slug, commune_code)
    with db.write() as session:
        audit.record(session, viewer.user_id, "export", "responses",
                     summary=f"réponses de la démarche {campaign_slug[:60]}"
                             + (f", commune {commune_code}" if commune_code else ""),
                     counts={"lignes": len(table)})
    if fmt == "xlsx":
        return to_xlsx_bytes(columns, table, sheet_name="Réponses")
    return to_csv_bytes(columns, table)


# ---- import ------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    imported: int = 0
    already: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)  # (line, why)

    def summary(self) -> str:
        parts = [f"{self.imported} réponse(s) importée(s)"]
        if self.already:
            parts.append(f"{self.already} déjà présente(s), non réimportée(s)")
        if self.refused:
            parts.append(f"{len(self.refused)} ligne(s) refusée(s)")
        return ", ".join(parts) + "."


def participation_for(db: Database, commune_code: str, campaign_slug: str | None) -> int:
    with db.read() as session:
        stmt = (select(Participation.id, Campaign.slug).join(Campaign)
                .where(Participation.commune_code == commune_code))
        if campaign_slug:
            stmt = stmt.where(Campaign.slug == campaign_slug)
        found = session.execute(stmt.order_by(Campaign.slug)).all()
    if not found:
        where = f" dans la démarche « {campaign_slug} »" if campaign_slug else " dans aucune démarche"
        raise ImportRefused(f"La commune {commune_code} ne participe pas{where}.")
    if len(found) > 1:
        raise ImportRefused(
            f"La commune {commune_code} participe à plusieurs démarches ("
            + ", ".join(slug for _, slug in found) + ") : précisez --campaign.")
    return found[0][0]


def _parse_date(text: str) -> datetime:
    text = text.strip()
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d", "%d/%m/%Y %H:%M", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=fr.PARIS).astimezone(UTC)
        except ValueError:
            continue
    raise ValueError(f"date illisible « {text} » (attendu : 2019-03-28 18:30 ou 28/03/2019)")


def import_csv(db: Database, source: str | Path, *, commune_code: str, survey: Survey,
               campaign_slug: str | None = None, entered_by: int | None = None) -> ImportReport:
    """Import every valid row; a row with errors is reported with its line and the others are
    still imported. The whole file is refused only when its header does not fit the
    questionnaire (unknown columns: probably another questionnaire) or its commune is wrong."""
    try:
        table = read_table(Path(source) if isinstance(source, Path) or "\n" not in str(source)
                           else str(source))
    except SpreadsheetError as exc:
        raise ImportRefused(f"Fichier refusé en entier : {exc}") from None
    header = table.header
    known = set(FIXED) | set(question_columns(survey))
    personal = {q.id for q in survey.questions() if q.personal}
    unknown = [h for h in header if h and h not in known and h not in personal and h != "count"]
    if unknown:
        raise ImportRefused(
            "Fichier refusé en entier : colonne(s) inconnue(s) du questionnaire « "
            f"{survey.id} » : {_names(unknown)}. Vérifiez l'en-tête (une colonne par "
            "identifiant de question) ou le questionnaire choisi.")
    if not set(header) & set(question_columns(survey)):
        raise ImportRefused("Fichier refusé en entier : aucune colonne ne correspond à une question.")
    participation_id = participation_for(db, commune_code, campaign_slug)
    report = ImportReport()
    seen: dict[uuid.UUID, int] = {}
    for row in table.rows:
        line = row.line
        if table.extra_cells(row):
            report.refused.append((line, f"plus de cellules que de colonnes ({len(header)}) : "
                                         "une valeur sans en-tête n'est pas importée"))
            continue
        try:
            submission = _submission(table.as_dict(row), survey, header, participation_id,
                                     commune_code, entered_by)
        except (ValueError, InvalidAnswers) as exc:
            report.refused.append((line, _why(exc)))
            continue
        if submission.response_id in seen:
            report.refused.append((line, f"identique à la ligne {seen[submission.response_id]} : "
                                         "ajoutez une colonne response_id ou sheet_code pour les distinguer"))
            continue
        seen[submission.response_id] = line
        try:
            stored = responses.submit(db, submission)
        except (InvalidAnswers, ResponseError, phases.PhaseError) as exc:
            report.refused.append((line, _why(exc)))
            continue
        if stored.created:
            report.imported += 1
        else:
            report.already += 1
    return report


def _names(columns: list[str], shown: int = 5) -> str:
    """Column names for a message: a few, each cut short (a header may be 20,000 `[`)."""
    names = [c if len(c) <= 40 else c[:40] + "…" for c in columns[:shown]]
    more = f" et {len(columns) - shown} autre(s)" if len(columns) > shown else ""
    return ", ".join(names) + more


def _why(exc: Exception) -> str:
    if isinstance(exc, InvalidAnswers):
        return " ; ".join(f"{k} : {v}" for k, v in exc.errors.items())
    return str(exc)


def _submission(row, survey, header, participation_id, commune_code, entered_by) -> Submission:
    # Texts are kept verbatim (spaces, line breaks); identifiers and codes are read trimmed.
    cells = {k: unneutralise(v or "") for k, v in row.items() if k}
    for key in FIXED:
        if key in cells:
            cells[key] = cells[key].strip()
    if cells.get("commune") and cells["commune"] != commune_code:
        raise ValueError(f"commune {cells['commune']} au lieu de {commune_code}")
    channel = CHANNEL_NAMES.get(cells.get("channel", "").lower() or "paper")
    if channel is None:
        raise ValueError(f"canal inconnu « {cells.get('channel')} » (tablet, online ou paper)")
    answers = {}
    for column in question_columns(survey):
        if column not in cells or cells[column] == "":
            continue
        qid = column.split(".")[0]
        answers[column] = cells[column] if column != qid else parse_cell(survey.question(qid), cells[column])
    for qid in {q.id for q in survey.questions() if q.personal} & set(cells):
        if cells[qid]:
            answers[qid] = parse_cell(survey.question(qid), cells[qid])
    sheet_code = normalise_sheet(cells["sheet_code"], commune_code) if cells.get("sheet_code") else None
    if cells.get("response_id"):
        try:
            response_id = uuid.UUID(cells["response_id"])
        except ValueError:
            raise ValueError(f"response_id invalide « {cells['response_id']} »") from None
    elif sheet_code is not None:  # a paper sheet: the same id as when typed on the entry page
        response_id = paper_response_id(participation_id, sheet_code)
    else:  # the same row imported again gets the same id: stored once
        content = "\x1f".join(f"{h}={cells.get(h, '')}" for h in sorted(header) if h != "date")
        response_id = uuid.uuid5(IMPORT_NAMESPACE, f"{participation_id}:{survey.id}:{content}")
    return Submission(
        response_id=response_id, participation_id=participation_id, survey=survey, answers=answers,
        channel=channel, entered_by=entered_by,
        sheet_code=sheet_code,
        submitted_at=_parse_date(cells["date"]) if cells.get("date") else None,
    )
