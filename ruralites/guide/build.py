"""Building the guide: content, then PDF or DOCX. A build started while the same one runs (a
double click, two staff at once) waits for it and gets its result, instead of laying the same
pages out twice on a 2-core machine; builds of other campaigns run side by side."""

from __future__ import annotations

import dataclasses
import hashlib
import threading
from collections.abc import Callable, Sequence

from ruralites import access
from ruralites.auth import Viewer
from ruralites.db import Database
from ruralites.guide import collect
from ruralites.guide.narrative import GuideError, check_image

FORMATS = ("pdf", "docx")
Progress = Callable[[float, str], None]

_locks: dict[tuple, threading.Lock] = {}
_last: dict[tuple, tuple[int, bytes]] = {}  # key -> (generation, bytes) of the last build
_guard = threading.Lock()
_generation = 0


def build(db: Database, viewer: Viewer, slug: str, *, fmt: str = "pdf",
          communes: Sequence[str] | None = None, chapters: Sequence[str] = (),
          progress: Progress | None = None, cover_image: bytes | None = None) -> bytes:
    """The guide of `slug` as `fmt` bytes, read as `viewer` may read it."""
    global _generation
    access.check(viewer.role, "guide")
    if fmt not in FORMATS:
        raise GuideError(f"Format inconnu : « {fmt} ». Choisissez pdf ou docx.")
    key = (id(db), viewer.role, viewer.pole_id, tuple(sorted(viewer.commune_codes)), slug, fmt,
           tuple(sorted(communes or ())), tuple(sorted(chapters)),
           hashlib.sha256(cover_image).hexdigest() if cover_image else None)
    with _guard:
        lock = _locks.setdefault(key, threading.Lock())
        started = _generation
        _generation += 1
    with lock:
        done = _last.get(key)
        if done is not None and done[0] > started:  # finished while we waited: the same data
            return done[1]
        with db.read() as session:
            guide = collect.build_guide(session, viewer, slug, communes=communes,
                                        chapters=chapters, progress=progress)
        if cover_image:
            guide = dataclasses.replace(guide, cover_image=check_image(cover_image))
        if fmt == "pdf":
            from ruralites.guide.pdf import render_pdf

            data = render_pdf(guide, progress)
        else:
            from ruralites.guide.docx import render_docx

            data = render_docx(guide)
        if progress:
            progress(1.0, "Terminé")
        with _guard:
            global_gen = _generation
            _last[key] = (global_gen, data)
        return data
