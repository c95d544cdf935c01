"""Questionnaires on disk (`surveys/*.yaml`) and the versions stored in the database.

Every response points at the exact version it answered (content hash): editing a file creates a
new version and never rewrites old answers."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ruralites.config import settings
from ruralites.errors import UserError
from ruralites.models import Survey as SurveyRow
from ruralites.models import SurveyVersion
from ruralites.surveys.model import Survey, SurveyError, load_survey, parse_survey


class UnknownSurveyError(UserError, LookupError):
    pass


@dataclass(frozen=True)
class SurveyFile:
    slug: str
    title: str
    path: Path


def available(directory: Path | None = None) -> list[SurveyFile]:
    """The valid questionnaires of the surveys folder (broken files are left out: `ruralites
    survey check` explains them)."""
    directory = directory or settings().surveys_dir
    found = []
    for path in sorted(directory.glob("*.yaml")):
        survey = _read(path)
        if survey is not None:
            found.append(SurveyFile(survey.id, survey.title(), path))
    return found


def load(slug: str, directory: Path | None = None) -> Survey:
    for item in available(directory):
        if item.slug == slug:
            return _read(item.path) or load_survey(item.path)
    raise UnknownSurveyError(f"Questionnaire inconnu : « {slug} ».")


def _read(path: Path) -> Survey | None:
    """The file's questionnaire, None when broken. Parsed once per content of the file (its
    bytes key the cache, so an edited file is read again at once): a tablet's every tap lists
    the questionnaires, and parsing every YAML file each time cost 60 ms of the server's CPU
    per tap (benchmarks/load.py)."""
    try:
        content = path.read_bytes()
    except OSError:
        return None
    return _parsed(str(path), hashlib.sha256(content).hexdigest())


@lru_cache(maxsize=64)
def _parsed(path: str, content_hash: str) -> Survey | None:
    try:
        return load_survey(Path(path))
    except SurveyError:
        return None


# (database, survey, hash) -> id of versions known to be committed: versions are never deleted,
# and one found by a query is committed (one created in a transaction is cached only once seen).
_known_versions: dict[tuple[str, str, str], int] = {}


def version_id(session: Session, survey: Survey) -> int:
    """The stored version of this exact definition, created the first time it is used."""
    key = (session.get_bind().url.render_as_string(), survey.id, survey.content_hash)
    if (known := _known_versions.get(key)) is not None:
        return known
    found = session.scalar(
        select(SurveyVersion.id).join(SurveyRow)
        .where(SurveyRow.slug == survey.id, SurveyVersion.content_hash == survey.content_hash)
    )
    if found is not None:
        _known_versions[key] = found
        return found
    row = session.scalar(select(SurveyRow).where(SurveyRow.slug == survey.id))
    if row is None:
        row = SurveyRow(slug=survey.id, title=survey.title())
        session.add(row)
        session.flush()
    version = session.scalar(
        select(SurveyVersion).where(SurveyVersion.survey_id == row.id,
                                    SurveyVersion.content_hash == survey.content_hash)
    )
    if version is None:
        version = SurveyVersion(survey_id=row.id, content_hash=survey.content_hash,
                                definition=json.loads(survey.definition))
        session.add(version)
        session.flush()
    return version.id


def stored_version(session: Session, version_id_: int) -> Survey:
    """The questionnaire exactly as a response answered it."""
    version = session.get(SurveyVersion, version_id_)
    if version is None:
        raise UnknownSurveyError(f"Version de questionnaire inconnue : {version_id_}.")
    return parse_survey(json.dumps(version.definition, ensure_ascii=False), source=f"version {version.content_hash[:12]}")
