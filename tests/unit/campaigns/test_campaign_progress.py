"""The campaign's progress by phase over time (pure: histories in, counts out)."""

from datetime import UTC, date, datetime

from ruralites.campaigns import ProgressPoint, progress_series


def at(day: int, month: int = 1, hour: int = 12) -> datetime:
    return datetime(2019, month, day, hour, tzinfo=UTC)


def test_each_day_something_happened_counts_the_communes_in_each_phase():
    tremel = [(at(7), "invited"), (at(28), "volunteered"), (at(22, 2), "validated")]
    plufur = [(at(7), "invited"), (at(26), "volunteered")]
    points = progress_series([tremel, plufur])
    by_day = {}
    for p in points:
        by_day.setdefault(p.day, {})[p.phase] = p.communes
    assert by_day == {
        date(2019, 1, 7): {"invited": 2, "volunteered": 0, "validated": 0},
        date(2019, 1, 26): {"invited": 1, "volunteered": 1, "validated": 0},
        date(2019, 1, 28): {"invited": 0, "volunteered": 2, "validated": 0},
        date(2019, 2, 22): {"invited": 0, "volunteered": 1, "validated": 1},
    }


def test_a_commune_counts_only_from_the_day_it_was_invited():
    late = [(at(14), "invited")]
    early = [(at(7), "invited")]
    points = progress_series([early, late])
    assert [p for p in points if p.day == date(2019, 1, 7)] == [ProgressPoint(date(2019, 1, 7), "invited", 1)]


def test_days_are_those_of_france_not_utc():
    # 23:30 UTC on 31 December is already 1 January in Paris.
    points = progress_series([[(datetime(2018, 12, 31, 23, 30, tzinfo=UTC), "invited")]])
    assert points == [ProgressPoint(date(2019, 1, 1), "invited", 1)]


def test_a_running_campaign_reaches_today_and_an_empty_one_has_no_points():
    points = progress_series([[(at(7), "invited")]], until=date(2019, 6, 1))
    assert points[-1] == ProgressPoint(date(2019, 6, 1), "invited", 1)
    assert progress_series([]) == []
