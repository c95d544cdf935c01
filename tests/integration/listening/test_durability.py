"""Nothing acknowledged is lost: 50 tablets submit at once while the process holding the
database is killed (SIGKILL) at a random moment, 20 times in a row.

The process that serves the tablets is forked from the test: 50 threads submit through the real
path (`responses.submit`: validation, group commit, durable commit) and write to a pipe
"S <id>" before sending and "A <id>" once the submit returned, the moment a tablet shows
"Merci !". The test kills that process after a random number of those events (seeded: the same
schedule each run), then checks the database as it finds it, and starts the next process, whose
first submissions are the ones left unacknowledged, sent again with the same UUID as a tablet
re-sends its form. On SQLite the killed process is the one holding the database file; on
PostgreSQL it is the application process holding the connections (the shared server is not
ours to kill): its open transactions must be rolled back, never half kept."""

from __future__ import annotations

import os
import random
import select
import signal
import threading
import uuid
from datetime import date

from sqlalchemy import func
from sqlalchemy import select as sql_select

from ruralites import campaigns
from ruralites.db import Database, make_engine
from ruralites.listening import responses
from ruralites.models import Answer, Response
from ruralites.surveys import parse_survey

SUBMITTERS = 50
ROUNDS = 20
QUESTIONS = 8  # answers stored per response, the tag included
SURVEY = parse_survey("\n".join(
    ["id: durable", "title: Durabilité", "sections:", "  - id: s", "    title: S",
     "    questions:", "      - id: tag", "        type: short_text", "        label: Tag"]
    + [line for i in range(1, QUESTIONS) for line in (
        f"      - id: q{i}", "        type: scale", f"        label: Q{i}", "        min: 1",
        "        max: 5")]), "durable")


def answers_for(response_id: uuid.UUID) -> dict:
    """The answers of a submission follow from its UUID: a re-sent form says the same."""
    return {"tag": str(response_id), **{f"q{i}": 1 + (response_id.int >> i) % 5
                                        for i in range(1, QUESTIONS)}}


def _serve_tablets(url: str, participation_id: int, resend: list[uuid.UUID], out: int) -> None:
    """The forked process: never returns (killed by the test)."""
    db = Database(make_engine(url))
    lock = threading.Lock()
    pending = list(resend)

    def say(line: str) -> None:
        os.write(out, f"{line}\n".encode())  # one write under PIPE_BUF: never interleaved

    def tablet() -> None:
        while True:
            with lock:
                response_id = pending.pop() if pending else uuid.uuid4()
            say(f"S {response_id}")
            try:
                responses.submit(db, responses.Submission(
                    response_id, participation_id, SURVEY, answers_for(response_id), "tablet"))
            except Exception as exc:  # noqa: BLE001 — reported to the test, which fails
                say(f"E {response_id} {type(exc).__name__}: {exc}".replace("\n", " ")[:300])
                continue
            say(f"A {response_id}")

    threads = [threading.Thread(target=tablet, daemon=True) for _ in range(SUBMITTERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def _one_round(db: Database, participation_id: int, resend: list[uuid.UUID], kill_after: int):
    """Fork the tablets' process, read its events, SIGKILL it after `kill_after` of them."""
    url = db.engine.url.render_as_string(hide_password=False)
    db.engine.dispose()  # the child opens its own connections
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover — the child process
        try:
            os.close(read_end)
            _serve_tablets(url, participation_id, resend, write_end)
        finally:
            os._exit(0)
    os.close(write_end)
    sent, acked, errors = set(), set(), []
    events, buffer = 0, b""
    try:
        while events < kill_after:
            ready, _, _ = select.select([read_end], [], [], 60)
            assert ready, "the tablets' process stopped answering"
            chunk = os.read(read_end, 65536)
            assert chunk, "the tablets' process ended by itself"
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                kind, rest = line.decode().split(" ", 1)
                if kind == "S":
                    sent.add(uuid.UUID(rest))
                elif kind == "A":
                    acked.add(uuid.UUID(rest))
                else:
                    errors.append(rest)
                events += 1
    finally:
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        os.close(read_end)
    return sent, acked, errors


def _stored(db: Database) -> tuple[dict[uuid.UUID, int], dict[str, int]]:
    """Answers per stored response, and responses per tag."""
    with db.read() as s:
        per_response = dict(s.execute(
            sql_select(Response.id, func.count(Answer.id)).outerjoin(Answer)
            .group_by(Response.id)).all())
        tags = [value for (value,) in s.execute(
            sql_select(Answer.value).where(Answer.question_id == "tag"))]
    per_tag: dict[str, int] = {}
    for tag in tags:
        per_tag[tag] = per_tag.get(tag, 0) + 1
    return per_response, per_tag


def test_acknowledged_responses_survive_twenty_sigkills_under_fifty_submitters(db):
    with db.write() as s:
        campaign = campaigns.create_campaign(s, name="Durabilité", poles=[])
        p = campaigns.add_commune(s, campaign, "22366", invited_on=date(2019, 1, 7))
        campaigns.record_answer(s, p, volunteers=True)
        campaigns.record_decision(s, p, session_date=date(2019, 2, 22), number="1",
                                  votes_for=9, votes_against=0, abstentions=0)
        participation_id = p.id
    schedule = random.Random(20191213)
    all_acked: set[uuid.UUID] = set()
    resend: list[uuid.UUID] = []
    for round_ in range(ROUNDS):
        sent, acked, errors = _one_round(db, participation_id, resend,
                                         kill_after=schedule.randint(60, 700))
        assert errors == [], f"round {round_}: {errors[:3]}"
        all_acked |= acked
        per_response, per_tag = _stored(db)  # the database as the restart finds it
        lost = all_acked - set(per_response)
        assert not lost, f"round {round_}: {len(lost)} acknowledged response(s) lost"
        half = {r: n for r, n in per_response.items() if n != QUESTIONS}
        assert not half, f"round {round_}: half-stored responses {list(half.items())[:3]}"
        twice = {t: n for t, n in per_tag.items() if n > 1}
        assert not twice, f"round {round_}: stored twice {list(twice)[:3]}"
        assert set(per_tag) == {str(r) for r in per_response}
        # What the tablets sent without hearing back is sent again, with the same UUID.
        resend = sorted(sent - acked - set(per_response)) + sorted((sent - acked) & set(per_response))
    assert len(all_acked) >= ROUNDS * 10  # the kills did land while submissions went on
