"""Group commit: submissions waiting for the database are written together, in one durable
transaction (DESIGN.md §8: below ~90 ms p95 under 50 tablets needs several waiting responses per
commit).

Leader/follower, no background thread: a submitter queues its item; if nobody is writing, it
becomes the leader, takes everything queued, writes it, commits once and wakes the submitters of
that batch; otherwise it waits. `write_batch` returns one outcome per item: a result, or the
exception (a domain error) that refused that item. If the batch as a whole fails unexpectedly, it
is rolled back to a savepoint and retried item by item, each in its own savepoint, so one bad item
never costs the others their answers."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from ruralites.db import Database

T = TypeVar("T")
WriteBatch = Callable[[Session, Sequence[T]], list[Any]]
_COMMITTERS = threading.Lock()


@dataclass(frozen=True)
class Stored:
    """A submission durably stored: its id (made when the form opened) and whether this call
    stored it (False: a double tap or a re-sent form, already there)."""

    id: uuid.UUID
    created: bool


def committer_for(db: Database, name: str, write_batch: WriteBatch) -> GroupCommitter:
    """The one committer of `name` (responses, ballots…) for this database, made once."""
    committers = db.__dict__.setdefault("_group_committers", {})
    with _COMMITTERS:
        if name not in committers:
            committers[name] = GroupCommitter(db, write_batch)
        return committers[name]


@dataclass
class _Ticket(Generic[T]):
    item: T
    done: bool = False
    result: Any = None
    error: BaseException | None = None


class GroupCommitter(Generic[T]):
    """`submit(item)` returns the item's result once it is durably committed, or raises the
    exception `write_batch` gave for it."""

    def __init__(self, db: Database, write_batch: WriteBatch, *, max_batch: int = 200):
        self._db = db
        self._write_batch = write_batch
        self._max_batch = max_batch
        self._queue: list[_Ticket[T]] = []
        self._leading = False
        self._changed = threading.Condition()

    def submit(self, item: T) -> Any:
        ticket = _Ticket(item)
        with self._changed:
            self._queue.append(ticket)
            while not ticket.done:
                if self._leading:
                    self._changed.wait()
                    continue
                self._leading = True
                batch = self._queue[: self._max_batch]
                del self._queue[: self._max_batch]
                self._changed.release()
                try:
                    self._commit(batch)
                finally:
                    self._changed.acquire()
                    self._leading = False
                    for t in batch:
                        t.done = True
                    self._changed.notify_all()
        if ticket.error is not None:
            raise ticket.error
        return ticket.result

    def _commit(self, batch: list[_Ticket[T]]) -> None:
        try:
            with self._db.write() as session:
                self._write(session, batch)
            # leaving the block committed the batch durably: only then are submitters woken
        except BaseException as exc:
            for t in batch:
                if t.error is None:  # written, but the commit failed: nothing was stored
                    t.result, t.error = None, exc

    def _write(self, session: Session, batch: list[_Ticket[T]]) -> None:
        savepoint = session.begin_nested()
        try:
            outcomes = self._write_batch(session, [t.item for t in batch])
            savepoint.commit()
        except Exception:  # noqa: BLE001 — retried one by one below
            savepoint.rollback()
            outcomes = []
            for ticket in batch:
                one = session.begin_nested()
                try:
                    outcomes.append(self._write_batch(session, [ticket.item])[0])
                    one.commit()
                except Exception as exc:  # noqa: BLE001 — handed to the item's submitter
                    one.rollback()
                    outcomes.append(exc)
        for ticket, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, BaseException):
                ticket.error = outcome
            else:
                ticket.result = outcome
