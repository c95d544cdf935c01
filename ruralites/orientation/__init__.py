"""Orientation (phase 3): the support-scheme catalogue, the Aides-territoires import, the rules
that recommend schemes for a commune's project, and the commune's orientation as stored.

Pure (no database): ``catalogue`` (:class:`Scheme`, :func:`load_catalogue`, :func:`parse_scheme`),
``aides_territoires`` (:func:`~.aides_territoires.read_export`,
:func:`~.aides_territoires.parse_export`), ``rules`` (:func:`recommend`), ``territory``.

Stored, each function taking the viewer: ``schemes`` (the catalogue synced into the database,
staff entries and edits), ``imports`` (Aides-territoires records stored by their id), ``store`` (the project, the group of interested inhabitants,
the recommendation for a commune), ``choice`` (the schemes chosen and their follow-up).
"""

from ruralites.orientation.catalogue import (
    Scheme,
    SchemeError,
    by_slug,
    catalogue,
    load_catalogue,
    parse_scheme,
)
from ruralites.orientation.choice import (
    FOLLOW_UP,
    ChosenScheme,
    OrientationFile,
    StepInfo,
    add_follow_up,
    orientation_file,
    record_orientation,
    sheet_inputs,
)
from ruralites.orientation.imports import AidsImport, import_aids
from ruralites.orientation.rules import (
    Exclusion,
    Orientation,
    OrientationError,
    Recommendation,
    recommend,
)
from ruralites.orientation.schemes import (
    SOURCE_LABELS,
    SchemeFields,
    SchemeRecord,
    active_schemes,
    fields_of,
    filter_records,
    get_scheme,
    list_schemes,
    revert_scheme,
    save_scheme,
    sync_catalogue,
)
from ruralites.orientation.store import (
    CONSENT_TEXT,
    CONSENT_VERSION,
    GROUP_SOURCES,
    VOLUNTEER_SOURCES,
    Commune,
    ProjectInfo,
    VolunteerInfo,
    add_volunteer,
    commune_for,
    group_size,
    participation_id_for,
    project_for,
    recommend_for,
    save_project,
    volunteers_for,
)
from ruralites.orientation.territory import Territory
from ruralites.orientation.vocabulary import CARRIERS, STAGES

__all__ = [
    "CARRIERS", "CONSENT_TEXT", "CONSENT_VERSION", "FOLLOW_UP", "GROUP_SOURCES", "SOURCE_LABELS", "STAGES",
    "VOLUNTEER_SOURCES", "AidsImport", "ChosenScheme", "Commune", "Exclusion", "Orientation",
    "OrientationError", "OrientationFile", "ProjectInfo", "Recommendation", "Scheme",
    "SchemeError", "SchemeFields", "SchemeRecord", "StepInfo", "Territory", "VolunteerInfo",
    "active_schemes", "add_follow_up", "add_volunteer", "by_slug", "catalogue", "commune_for",
    "fields_of", "filter_records", "get_scheme", "group_size", "import_aids", "list_schemes",
    "load_catalogue", "orientation_file", "parse_scheme", "participation_id_for", "project_for",
    "recommend", "recommend_for", "record_orientation", "revert_scheme", "save_project",
    "save_scheme", "sheet_inputs", "sync_catalogue", "volunteers_for",
]
