"""Participation figures of the listening phase: how many answered, what share of the
inhabitants, by channel, by evening, by day and week, by commune. Counted in SQL by one GROUP BY
over the responses of the communes in scope; see ruralites.results."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, literal_column, select
from sqlalchemy.orm import Session

from ruralites import phases
from ruralites.fr import local, short_date
from ruralites.models import Evening, Response
from ruralites.results.disclosure import SUPPRESSED, Count, protect
from ruralites.results.questions import Cell

CHANNEL_LABELS = {"tablet": "Tablette", "online": "En ligne", "paper": "Papier"}
NO_EVENING = "Hors soirée"


@dataclass(frozen=True)
class Part:
    """A participation the viewer may see."""

    id: int
    code_insee: str
    nom: str
    population: int | None
    phase: str
    campaign_name: str
    is_demo: bool


@dataclass(frozen=True)
class CommuneFigure:
    participation_id: int
    code_insee: str
    nom: str
    population: int | None
    responses: Count
    share: float | None  # of the inhabitants; None when unknown or suppressed


@dataclass(frozen=True)
class DayCount:
    day: date  # in Europe/Paris
    count: Count


@dataclass(frozen=True)
class Turnout:
    responses: int
    population: int | None  # inhabitants of the communes collecting answers
    share: float | None  # responses / population
    by_channel: tuple[Cell, ...]
    by_evening: tuple[Cell, ...]
    by_day: tuple[DayCount, ...]
    by_week: tuple[DayCount, ...]  # day: the Monday of the week
    by_commune: tuple[CommuneFigure, ...]  # only for a whole campaign
    first_at: datetime | None
    last_at: datetime | None


def _hour_bucket(session: Session):
    """The UTC hour of a response as text ('2019-04-25 18'): days in France are made of whole
    UTC hours, so counting by hour in SQL then by French day in Python is exact. Literal
    formats (not bound parameters) so that PostgreSQL sees the same expression in GROUP BY."""
    column = Response.submitted_at
    if session.get_bind().dialect.name == "sqlite":
        return func.strftime(literal_column("'%Y-%m-%d %H'"), column)
    return func.to_char(func.timezone(literal_column("'UTC'"), column),
                        literal_column("'YYYY-MM-DD HH24'"))


@dataclass(frozen=True)
class Groups:
    """Responses counted by (participation, channel, evening, survey version, UTC hour)."""

    rows: list[tuple[int, str, int | None, int, str, int]]

    def total(self, index: int) -> Counter:
        counts: Counter = Counter()
        for row in self.rows:
            counts[row[index]] += row[5]
        return counts


def response_groups(session: Session, pids: list[int]) -> Groups:
    hour = _hour_bucket(session).label("hour")
    stmt = (
        select(Response.participation_id, Response.channel, Response.evening_id,
               Response.survey_version_id, hour, func.count())
        .where(Response.participation_id.in_(pids))
        .group_by(Response.participation_id, Response.channel, Response.evening_id,
                  Response.survey_version_id, hour)
    )
    return Groups([tuple(row) for row in session.execute(stmt)])


def turnout_figures(session: Session, parts: list[Part], groups: Groups, whole_campaign: bool) -> Turnout:
    total = sum(row[5] for row in groups.rows)
    per_part = groups.total(0)
    collecting = [p for p in parts
                  if phases.allows(p.phase, "collect_answers") or per_part[p.id]]
    population = sum(p.population for p in collecting if p.population) or None
    channels = groups.total(1)
    by_channel = tuple(Cell(label, protect(channels[c]),
                            channels[c] / total if total and protect(channels[c]) is not SUPPRESSED
                            else None, c)
                       for c, label in CHANNEL_LABELS.items())
    hours = groups.total(4)
    days: Counter = Counter()
    for hour, n in hours.items():
        moment = datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=UTC)
        days[local(moment).date()] += n
    weeks: Counter = Counter()
    for day, n in days.items():
        weeks[day - timedelta(days=day.weekday())] += n
    by_commune = ()
    if whole_campaign:
        by_commune = tuple(
            CommuneFigure(p.id, p.code_insee, p.nom, p.population, protect(per_part[p.id]),
                          per_part[p.id] / p.population
                          if p.population and protect(per_part[p.id]) is not SUPPRESSED else None)
            for p in parts)
    first = min(hours) if hours else None
    last = max(hours) if hours else None
    return Turnout(
        responses=total, population=population,
        share=total / population if population else None,
        by_channel=by_channel, by_evening=_by_evening(session, groups.total(2), total, {p.id: p.nom for p in parts}
                                if whole_campaign else {}),
        by_day=tuple(DayCount(day, protect(n)) for day, n in sorted(days.items())),
        by_week=tuple(DayCount(monday, protect(n)) for monday, n in sorted(weeks.items())),
        by_commune=by_commune,
        first_at=datetime.strptime(first, "%Y-%m-%d %H").replace(tzinfo=UTC) if first else None,
        last_at=datetime.strptime(last, "%Y-%m-%d %H").replace(tzinfo=UTC) if last else None,
    )


def _by_evening(session: Session, counts: Counter, total: int,
                communes: dict[int, str]) -> tuple[Cell, ...]:
    """One cell per evening in time order (named with its commune when `communes` maps
    participations to names), then the responses given outside any evening."""
    ids = [i for i in counts if i is not None]
    evenings = session.execute(
        select(Evening.id, Evening.title, Evening.starts_at, Evening.participation_id)
        .where(Evening.id.in_(ids)).order_by(Evening.starts_at, Evening.id)
    ).all() if ids else []
    cells = []
    for evening_id, title, starts_at, participation_id in evenings:
        n = counts[evening_id]
        where = f"{communes[participation_id]} — " if participation_id in communes else ""
        cells.append(Cell(f"{short_date(starts_at)} — {where}{title}", protect(n),
                          n / total if protect(n) is not SUPPRESSED else None, evening_id))
    if counts.get(None):
        n = counts[None]
        cells.append(Cell(NO_EVENING, protect(n), n / total if protect(n) is not SUPPRESSED
                          else None, None))
    return tuple(cells)
