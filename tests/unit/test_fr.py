"""French forms of numbers, percentages, sizes, plurals and dates (narrow no-break spaces)."""

from datetime import UTC, date, datetime

import pytest

from ruralites import fr

N = "\u202f"  # narrow no-break space


@pytest.mark.parametrize(("value", "digits", "expected"), [
    (3000, None, f"3{N}000"),  # thousands separated by a narrow no-break space
    (2.5, None, "2,5"),  # a decimal comma, as many digits as needed (up to two)
    (2.0, None, "2"),  # a whole float reads as a whole number
    (1234.567, 1, f"1{N}234,6"),
    (0.1 + 0.2, None, "0,3"),  # no floating-point noise
    (-1500, None, f"-1{N}500"),
])
def test_numbers(value, digits, expected):
    assert fr.number(value, digits) == expected


@pytest.mark.parametrize(("share", "digits", "expected"), [
    (0.125, 0, f"13{N}%"),  # a narrow no-break space before %
    (0.125, 1, f"12,5{N}%"),
    (0.004, 0, f"moins de 1{N}%"),  # above zero never reads as 0 %
    (0.0, 0, f"0{N}%"),
    (1.0, 0, f"100{N}%"),
    (None, 0, "—"),
])
def test_percentages(share, digits, expected):
    assert fr.percent(share, digits) == expected


@pytest.mark.parametrize(("size", "expected"), [
    (512, "512 octets"), (2048, f"2{N}Ko"), (3 * 1024 * 1024 // 2, f"1,5{N}Mo"),
    (10 * 1024 * 1024, f"10,0{N}Mo"),
])
def test_file_sizes(size, expected):
    assert fr.size(size) == expected


@pytest.mark.parametrize(("count", "expected"), [
    (0, "0 réponse"), (1, "1 réponse"), (2, "2 réponses"), (1200, f"1{N}200 réponses"),
])
def test_plurals_take_the_singular_below_two(count, expected):
    assert fr.plural(count, "réponse") == expected


def test_dates_are_shown_in_paris_time():
    late = datetime(2019, 3, 28, 23, 30, tzinfo=UTC)  # already the 29th in Paris
    assert fr.short_date(late) == "29/03/2019"
    assert fr.long_date(date(2019, 3, 1)) == "1er mars 2019"
    assert fr.date_time(datetime(2019, 7, 14, 18, 5, tzinfo=UTC)) == "14/07/2019 à 20:05"


def test_today_follows_the_one_clock(monkeypatch):
    monkeypatch.setattr(fr, "utcnow", lambda: datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    assert fr.today_in_france() == date(2027, 1, 1)  # new year in Paris, not yet in UTC
